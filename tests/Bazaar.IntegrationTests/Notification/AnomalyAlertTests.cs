using System.Net;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.Invariants;
using Bazaar.Notification;
using Bazaar.Notification.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit;

namespace Bazaar.IntegrationTests.Notification;

/// <summary>Notification alone, with two admins to tell: anomalies reach it as events, as they would from analytics.</summary>
public sealed class ShopWithTwoAdmins : IAsyncLifetime
{
    public const string Owner = "owner@bazaar.test";
    public const string Operations = "operations@bazaar.test";

    public BazaarHost Host { get; } = BazaarHost.With(new()
    {
        ["Bazaar:Services"] = "notification",
        ["Bazaar:Notification:AdminRecipients:0"] = Owner,
        ["Bazaar:Notification:AdminRecipients:1"] = Operations,
        ["Bazaar:Notification:PublicUrl"] = "http://127.0.0.1:5080",
    });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

public sealed class AnomalyAlertTests(ShopWithTwoAdmins shop) : IClassFixture<ShopWithTwoAdmins>
{
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 6, 14, 30, 0, TimeSpan.Zero);

    private static AnomalyDetected Outage(DateTimeOffset start) => new(
        $"orders-{start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", AnomalyMetric.Orders, AnomalyKind.Outage, null, start, start.AddMinutes(5),
        0m, 38.69m, 7.67, $"No orders in {start:HH:mm}–{start.AddMinutes(5):HH:mm} UTC on {start:yyyy-MM-dd}, expected about 39");

    private List<MimeMessage> AlertsAbout(string admin, AnomalyDetected anomaly) =>
        [.. shop.Host.Mails(admin).Where(m => m.Headers["X-Bazaar-Template"] == NotifyAdminsHandlers.Template
            && (WebUtility.HtmlDecode(m.HtmlBody) ?? "").Contains(anomaly.Description, StringComparison.Ordinal))];

    [Fact]
    public async Task An_anomaly_delivered_twice_is_mailed_once_to_each_admin_with_its_description()
    {
        var anomaly = Outage(WindowStart);
        // Same subject: the next anomaly queues behind both copies, so once its e-mails are out, both copies were handled.
        var next = Outage(WindowStart.AddMinutes(5));
        var envelope = EventEnvelope.Create(anomaly, anomaly.AnomalyId, DateTimeOffset.UtcNow);
        var nextEnvelope = EventEnvelope.Create(next, anomaly.AnomalyId, DateTimeOffset.UtcNow);
        var transport = shop.Host.Services.GetRequiredService<IEventTransport>();

        await transport.PublishAsync(envelope, CancellationToken.None);
        await transport.PublishAsync(envelope, CancellationToken.None);
        await transport.PublishAsync(nextEnvelope, CancellationToken.None);

        foreach (var admin in new[] { ShopWithTwoAdmins.Owner, ShopWithTwoAdmins.Operations })
        {
            await Eventually.TrueAsync(() => Task.FromResult(AlertsAbout(admin, next).Count > 0), $"the second alert to reach {admin}");
            var mail = Assert.Single(AlertsAbout(admin, anomaly));
            Assert.Equal("Bazaar alert: no orders coming in at 14:30 UTC on 2026-11-06", mail.Subject);
            Assert.Equal(admin, Assert.Single(mail.To.Mailboxes).Address);
            Assert.Contains("No orders in 14:30–14:35 UTC on 2026-11-06, expected about 39", WebUtility.HtmlDecode(mail.HtmlBody), StringComparison.Ordinal);
            Assert.Contains("href=\"http://127.0.0.1:5080/admin/analytics\"", mail.HtmlBody, StringComparison.Ordinal);
        }

        await using var scope = shop.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var queued = await db.Notifications.AsNoTracking()
            .Where(n => n.EventId!.StartsWith(RecipientKey.PrefixFor(envelope.Id)))
            .ToListAsync();
        Assert.Equal([ShopWithTwoAdmins.Operations, ShopWithTwoAdmins.Owner], queued.Select(n => n.Recipient).Order(StringComparer.Ordinal));
        Assert.All(queued, n => Assert.Null(n.UserId));
    }

    [Fact]
    public async Task The_invariant_checker_counts_each_anomaly_once_and_reports_an_admin_email_that_did_not_go_out()
    {
        var anomaly = Outage(WindowStart.AddDays(1));
        var envelope = EventEnvelope.Create(anomaly, anomaly.AnomalyId, DateTimeOffset.UtcNow);
        await shop.Host.Services.GetRequiredService<IEventTransport>().PublishAsync(envelope, CancellationToken.None);
        var notifications = await Eventually.ValueAsync(() => SentForAsync(envelope.Id), rows => rows.Count == 2, "both admins' e-mails to be sent");

        // What the checker reads: the analytics outbox holds the event, the notification database the e-mails.
        var published = new OutboxRow("analytics", envelope.Id, envelope.Type, envelope.Time, envelope.Time, 1, null, null);
        ShopSnapshot Snapshot(IReadOnlyList<NotificationRow> rows) =>
            new(DateTimeOffset.UtcNow, [], [], [], [], rows, [new ServiceMessages("analytics", [published], 0, [], [])], null);

        var clean = InvariantChecker.Check(Snapshot(notifications), new InvariantOptions());
        Assert.True(clean.IsClean, clean.ToString());
        Assert.Equal(1, clean.Checked["anomalies told to admins"]);

        var failed = InvariantChecker.Check(Snapshot([notifications[0] with { Status = NotificationStatus.Failed }, notifications[1]]), new InvariantOptions());
        Assert.Contains(failed.Violations, v => v.StartsWith($"anomaly-detected notification {notifications[0].Id} for {envelope.Id} is Failed", StringComparison.Ordinal));

        var none = InvariantChecker.Check(Snapshot([]), new InvariantOptions());
        Assert.Contains(none.Violations, v => v.EndsWith($"{envelope.Id} gave no admin notification", StringComparison.Ordinal));
    }

    private async Task<List<NotificationRow>?> SentForAsync(string eventId)
    {
        await using var scope = shop.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        return await db.Notifications.AsNoTracking()
            .Where(n => n.EventId!.StartsWith(RecipientKey.PrefixFor(eventId)) && n.Status == NotificationStatus.Sent)
            .OrderBy(n => n.Recipient)
            .Select(n => new NotificationRow(n.Id, n.EventId, n.Template, n.Status, n.Attempts, n.LastError))
            .ToListAsync();
    }
}
