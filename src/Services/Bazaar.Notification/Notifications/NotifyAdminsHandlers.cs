using System.Globalization;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Notification.Notifications;

/// <summary>Tells the shop's admins about an anomaly the analytics found in the order stream.</summary>
/// <remarks>
/// One e-mail per admin rather than one to all of them: each has its own delivery log and retries, an address that
/// bounces does not hold up the others, and nobody sees who else was told. Each carries its own
/// <see cref="RecipientKey"/>, since a notification is unique by event and template.
/// </remarks>
public sealed class NotifyAdminsHandlers(NotificationWriter writer, NotificationOptions options) : IEventHandler<AnomalyDetected>
{
    public const string Template = "anomaly-detected";

    public async Task HandleAsync(AnomalyDetected message, EventContext context, CancellationToken cancellationToken)
    {
        var start = message.WindowStart.UtcDateTime;
        var model = new
        {
            anomaly = new
            {
                headline = Headline(message),
                description = message.Description,
                advice = Advice(message),
                at = start.ToString("HH:mm 'UTC on' yyyy-MM-dd", CultureInfo.InvariantCulture),
                score = message.Score.ToString("0.#", CultureInfo.InvariantCulture),
            },
            analyticsUrl = $"{options.PublicUrl.TrimEnd('/')}/admin/analytics",
            shopUrl = options.PublicUrl,
        };
        foreach (var recipient in options.AdminRecipients)
        {
            await writer.QueueAsync(Template, null, recipient, model, RecipientKey.For(context.EventId, recipient), cancellationToken);
        }
    }

    private static string Headline(AnomalyDetected anomaly)
    {
        var figure = anomaly.Metric switch
        {
            AnomalyMetric.Orders => "orders",
            AnomalyMetric.Revenue => $"revenue ({anomaly.Currency})",
            AnomalyMetric.PaymentFailureRate => "failed payments",
            _ => anomaly.Metric,
        };
        return anomaly.Kind switch
        {
            AnomalyKind.Outage => "no orders coming in",
            AnomalyKind.Spike => $"a spike in {figure}",
            AnomalyKind.Drop => $"a drop in {figure}",
            _ => $"{anomaly.Kind} in {figure}",
        };
    }

    private static string Advice(AnomalyDetected anomaly) => (anomaly.Metric, anomaly.Kind) switch
    {
        (_, AnomalyKind.Outage) => "Check that the storefront, the checkout and the payment provider are up.",
        (AnomalyMetric.PaymentFailureRate, _) => "Check the payment provider, and whether one reason for the failures stands out.",
        (_, AnomalyKind.Drop) => "A broken page, payment method or price can look like this.",
        (_, AnomalyKind.Spike) => "A promotion can look like this; so can a bot, or a price set too low.",
        _ => "See the analytics for the figures around it.",
    };
}
