using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Bazaar.BuildingBlocks;

/// <summary>Business and messaging counters, exported with the HTTP metrics at <c>/metrics</c>.</summary>
public sealed class BazaarMetrics
{
    public const string MeterName = "Bazaar";

    private readonly ConcurrentDictionary<string, long> _outboxBacklog = new();
    private readonly ConcurrentDictionary<(string Consumer, string Stream), Func<long>> _consumerLag = new();
    private readonly ConcurrentDictionary<string, int> _health = new();

    public BazaarMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        OrdersPlaced = meter.CreateCounter<long>("bazaar.orders.placed", "{order}", "Orders accepted at checkout");
        OrdersConfirmed = meter.CreateCounter<long>("bazaar.orders.confirmed", "{order}", "Orders paid and reserved");
        CheckoutFailures = meter.CreateCounter<long>("bazaar.checkout.failures", "{order}", "Orders cancelled before confirmation, by reason");
        Payments = meter.CreateCounter<long>("bazaar.payments", "{payment}", "Payment outcomes");
        PaymentAmounts = meter.CreateCounter<double>("bazaar.payments.amount", null, "Money captured and refunded, in the currency's units, by outcome and currency");
        CacheLookups = meter.CreateCounter<long>("bazaar.cache.lookups", "{lookup}", "Cache reads, by cache and result (hit, or miss: the value was computed)");
        EventsPublished = meter.CreateCounter<long>("bazaar.events.published", "{event}", "Events handed to the transport by the outbox relay");
        EventsHandled = meter.CreateCounter<long>("bazaar.events.handled", "{event}", "Events applied by a handler");
        EventsFailed = meter.CreateCounter<long>("bazaar.events.failed", "{event}", "Handler attempts that threw");
        EventsDeadLettered = meter.CreateCounter<long>("bazaar.events.dead_lettered", "{event}", "Events moved to a dead-letter table");
        NotificationsSent = meter.CreateCounter<long>("bazaar.notifications.sent", "{message}", "Notifications delivered, by template");
        AnalyticsEvents = meter.CreateCounter<long>("bazaar.analytics.events", "{event}", "Input events the analytics stream has checkpointed");
        AnalyticsLateEvents = meter.CreateCounter<long>("bazaar.analytics.late_events", "{event}", "Events that came after their window closed (corrections, and dropped past the horizon)");
        AnalyticsDroppedEvents = meter.CreateCounter<long>("bazaar.analytics.dropped_events", "{event}", "Late events past the correction horizon, counted nowhere");
        AnalyticsWindows = meter.CreateCounter<long>("bazaar.analytics.windows", "{window}", "Windows and sliding views stored and published, closed or corrected, by kind");
        AnalyticsAnomalies = meter.CreateCounter<long>("bazaar.analytics.anomalies", "{anomaly}", "Anomalies detected, by metric and kind");
        meter.CreateObservableGauge("bazaar.outbox.backlog",
            () => _outboxBacklog.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("service", kv.Key))),
            "{event}", "Events in the outbox not yet published");
        meter.CreateObservableGauge("bazaar.consumer.lag",
            () => _consumerLag.Select(kv => new Measurement<long>(kv.Value(),
                new KeyValuePair<string, object?>("consumer", kv.Key.Consumer), new KeyValuePair<string, object?>("stream", kv.Key.Stream))),
            "{event}", "Events waiting for a service's consumer: delivered but not settled, or not delivered yet");
        meter.CreateObservableGauge("bazaar.health.status",
            () => _health.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("check", kv.Key))),
            null, "Last result of each health check: 1 healthy, 0 degraded or unhealthy");
    }

    public Counter<long> OrdersPlaced { get; }
    public Counter<long> OrdersConfirmed { get; }
    public Counter<long> CheckoutFailures { get; }
    public Counter<long> Payments { get; }
    public Counter<double> PaymentAmounts { get; }
    public Counter<long> CacheLookups { get; }
    public Counter<long> EventsPublished { get; }
    public Counter<long> EventsHandled { get; }
    public Counter<long> EventsFailed { get; }
    public Counter<long> EventsDeadLettered { get; }
    public Counter<long> NotificationsSent { get; }
    public Counter<long> AnalyticsEvents { get; }
    public Counter<long> AnalyticsLateEvents { get; }
    public Counter<long> AnalyticsDroppedEvents { get; }
    public Counter<long> AnalyticsWindows { get; }
    public Counter<long> AnalyticsAnomalies { get; }

    public void SetOutboxBacklog(string service, long count) => _outboxBacklog[service] = count;

    public void SetHealth(string check, bool healthy) => _health[check] = healthy ? 1 : 0;

    /// <summary>Reports the lag of one consumer on one stream, read by the transport whenever metrics are collected.</summary>
    public void TrackConsumerLag(string consumer, string stream, Func<long> pending) => _consumerLag[(consumer, stream)] = pending;
}
