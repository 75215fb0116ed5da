using System.Globalization;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Anomalies;

/// <summary>How anomalies are named and described; invariant culture, UTC, whatever the server's settings.</summary>
internal static class AnomalyText
{
    /// <summary><c>orders-20261127T100500Z</c>, <c>revenue-EUR-20261127T100500Z</c>: the same window and figure always get the same id.</summary>
    public static string Id(string metric, string? currency, DateTimeOffset windowStart)
    {
        var start = windowStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return currency is null ? $"{metric}-{start}" : $"{metric}-{currency}-{start}";
    }

    /// <summary><c>10:05–10:10 UTC on 2026-11-27</c>, or both dates in full when the window spans more than a day.</summary>
    public static string Period(WindowResult window)
    {
        var start = window.Start.UtcDateTime;
        var end = window.End.UtcDateTime;
        return end <= start.Date.AddDays(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{start:HH:mm}–{end:HH:mm} UTC on {start:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd HH:mm} – {end:yyyy-MM-dd HH:mm} UTC");
    }

    /// <summary>A rough expected value: a decimal below 10, where "about 0" would say nothing, else a whole number.</summary>
    public static string About(double value) =>
        value.ToString(value < 10 ? "0.#" : "#,0", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
