using System.Collections;
using System.Globalization;
using System.Numerics;

namespace Bazaar.Analytics.Lake;

/// <summary>DuckDB values as JSON can carry them, whatever type a query's columns have.</summary>
internal static class JsonValue
{
    /// <param name="value">As DuckDB.NET reads it.</param>
    /// <param name="utc">The value is a <c>TIMESTAMPTZ</c>, which DuckDB.NET reads as a UTC <see cref="DateTime"/> without a kind.</param>
    public static object? From(object? value, bool utc = false) => value switch
    {
        null or DBNull => null,
        string or bool or byte or sbyte or short or ushort or int or uint or long or ulong or decimal => value,
        // JSON has no NaN or infinity.
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        float f => float.IsFinite(f) ? f : f.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b >= long.MinValue && b <= long.MaxValue ? (long)b : b.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString(utc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        TimeSpan s => s.ToString("c", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        Stream blob => Base64(blob),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "", k => From(map[k])),
        IEnumerable list => list.Cast<object?>().Select(item => From(item)).ToList(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Base64(Stream blob)
    {
        using var copy = new MemoryStream();
        blob.CopyTo(copy);
        return Convert.ToBase64String(copy.GetBuffer(), 0, (int)copy.Length);
    }
}
