using System.Globalization;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>Reads a counter off a process's <c>/metrics</c>, as Prometheus would scrape it.</summary>
public static class PrometheusScrape
{
    /// <summary>The sum of every series of <paramref name="metric"/> whose labels contain <paramref name="label"/> (e.g. <c>service="ordering"</c>).</summary>
    public static async Task<double> SumAsync(Uri process, string metric, string label)
    {
        using var http = new HttpClient { BaseAddress = process, Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
