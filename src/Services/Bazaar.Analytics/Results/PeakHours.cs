using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Results;

/// <summary>One hour of one weekday: ISO day (1 Monday … 7 Sunday) and hour, in UTC.</summary>
public sealed record PeakHourCell(int DayOfWeek, int Hour, long Orders, IReadOnlyList<CurrencyAmount> Revenue);

public sealed record CurrencyAmount(string Currency, decimal Revenue);

public sealed record PeakHoursResponse(int Days, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PeakHourCell> Cells);

/// <summary>Orders and revenue by hour of day and day of week over the last 7 or 28 days, from the stored tumbling windows.</summary>
public static class PeakHours
{
    public static async Task<Results<Ok<PeakHoursResponse>, ValidationProblem>> GetAsync(
        AnalyticsDbContext db, TimeProvider time, int? days, CancellationToken cancellationToken)
    {
        var span = days ?? 7;
        if (span is not (7 or 28))
        {
            return new Validation().Check(false, "days", "Must be 7 or 28.").Problem();
        }

        var to = time.GetUtcNow();
        var from = to - TimeSpan.FromDays(span);
        var windows = await db.Windows.AsNoTracking()
            .Where(w => w.Kind == "tumbling" && w.Start >= from && w.Start < to && w.OrdersPlaced > 0)
            .Select(w => w.Result)
            .ToListAsync(cancellationToken);

        var cells = new SortedDictionary<(int Day, int Hour), (long Orders, SortedDictionary<string, decimal> Revenue)>();
        foreach (var json in windows)
        {
            var window = ResultStore.ReadWindow(json);
            var key = (IsoDay(window.Start.UtcDateTime.DayOfWeek), window.Start.UtcDateTime.Hour);
            if (!cells.TryGetValue(key, out var cell))
            {
                cell = (0, new SortedDictionary<string, decimal>(StringComparer.Ordinal));
            }
            foreach (var currency in window.Revenue)
            {
                cell.Revenue[currency.Currency] = cell.Revenue.GetValueOrDefault(currency.Currency) + currency.Revenue;
            }
            cells[key] = (cell.Orders + window.OrdersPlaced, cell.Revenue);
        }

        return TypedResults.Ok(new PeakHoursResponse(span, from, to, cells
            .Select(c => new PeakHourCell(c.Key.Day, c.Key.Hour, c.Value.Orders, c.Value.Revenue.Select(r => new CurrencyAmount(r.Key, r.Value)).ToList()))
            .ToList()));
    }

    private static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;
}
