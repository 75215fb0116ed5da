using System.Globalization;
using Bazaar.Contracts;
using Bazaar.Web.Api;
using Bazaar.Web.Components;

namespace Bazaar.Web.Admin.Analytics;

/// <summary>
/// How the dashboard writes its figures. Assets/js/analytics.js writes the ones it updates the same way, so a live
/// update reads like the page it changes.
/// </summary>
public static class AnalyticsText
{
    /// <summary>Weekday names by the API's numbering, 1 = Monday … 7 = Sunday (ISO 8601).</summary>
    public static IReadOnlyList<string> Weekdays { get; } = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Amount(decimal amount, string currency) => Price.Format(new Money(amount, currency));

    /// <summary>One amount per currency, as the shop sells in several: "€1,200.00 · $80.00"; a dash for none.</summary>
    public static string Amounts(IEnumerable<(string Currency, decimal Amount)> amounts)
    {
        var text = string.Join(" · ", amounts.Select(a => Amount(a.Amount, a.Currency)));
        return text.Length == 0 ? "—" : text;
    }

    public static string Revenue(IEnumerable<CurrencyFigures> figures) => Amounts(figures.Select(f => (f.Currency, f.Revenue)));

    public static string AverageOrderValue(IEnumerable<CurrencyFigures> figures) => Amounts(figures.Select(f => (f.Currency, f.AverageOrderValue)));

    /// <summary>A window as "2026-01-31 10:00–10:05 UTC" (its end is exclusive).</summary>
    public static string Span(DateTimeOffset start, DateTimeOffset end) =>
        string.Create(CultureInfo.InvariantCulture, $"{start.UtcDateTime:yyyy-MM-dd HH:mm}–{(end.UtcDateTime.Date == start.UtcDateTime.Date ? end.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) : end.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC");

    public static string Hour(int hour) => hour.ToString("00", CultureInfo.InvariantCulture) + ":00";

    /// <summary>What an anomaly was about: "Orders spike", "Revenue (EUR) drop", "Payment failure rate outage".</summary>
    public static string AnomalyTitle(Anomaly anomaly)
    {
        var metric = anomaly.Metric switch
        {
            "orders" => "Orders",
            "revenue" => "Revenue",
            "payment-failure-rate" => "Payment failure rate",
            var other => other,
        };
        var currency = anomaly.Currency is { Length: > 0 } code ? $" ({code})" : "";
        return $"{metric}{currency} {anomaly.Kind}";
    }

    /// <summary>An observed or expected figure: money for revenue, else the number as the service gave it (its description says more).</summary>
    public static string AnomalyFigure(Anomaly anomaly, decimal value) =>
        anomaly.Metric == "revenue" && anomaly.Currency is { Length: > 0 } currency
            ? Amount(value, currency)
            : value.ToString("#,0.###", CultureInfo.InvariantCulture);

    public static string Score(double score) => score.ToString("0.0", CultureInfo.InvariantCulture);
}
