using System.Diagnostics;
using Bazaar.Bench.Reporting;

namespace Bazaar.Bench.Checkout;

/// <summary>
/// The timed part. Closed loop: each client checks out, waits for processing, and starts its next checkout, until
/// the duration ends (throughput). Open loop: checkouts start at a fixed rate whatever the shop's state, each tracked
/// on its own, and latency counts from when a checkout was due, so a client falling behind cannot hide queueing
/// (latency percentiles). Either way no checkout starts after the duration, and the clock stops when the last one
/// started has finished.
/// </summary>
public sealed class CheckoutLoad(CheckoutSettings settings, PreparedShop shop)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    private readonly CheckoutTally _tally = new();

    public CheckoutTally Tally => _tally;

    public async Task<TimeSpan> RunAsync(CancellationToken cancellationToken)
    {
        var journey = new CheckoutJourney(shop.Api.Http, shop.CheckoutBody, settings, _tally);
        var start = Stopwatch.GetTimestamp();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ReportProgressAsync(start, done.Token);

        await (settings.Rate is { } rate
            ? OpenLoopAsync(journey, rate, start, cancellationToken)
            : ClosedLoopAsync(journey, start, cancellationToken));

        var elapsed = Stopwatch.GetElapsedTime(start);
        await done.CancelAsync();
        await progress;
        return elapsed;
    }

    private Task ClosedLoopAsync(CheckoutJourney journey, long start, CancellationToken cancellationToken) =>
        Task.WhenAll(shop.Customers.Select(customer => Task.Run(async () =>
        {
            while (Stopwatch.GetElapsedTime(start) < settings.Duration && !cancellationToken.IsCancellationRequested)
            {
                await journey.RunAsync(customer, Stopwatch.GetTimestamp(), cancellationToken);
            }
        }, cancellationToken)));

    private async Task OpenLoopAsync(CheckoutJourney journey, double rate, long start, CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        for (long i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due >= settings.Duration)
            {
                break;
            }
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }
            var dueAt = start + (long)(due.TotalSeconds * Stopwatch.Frequency);
            var customer = shop.Customers[(int)(i % shop.Customers.Count)];
            // Off the scheduling loop, so a slow request start never delays the next arrival.
            running.Add(Task.Run(() => journey.RunAsync(customer, dueAt, cancellationToken), cancellationToken));
        }
        await Task.WhenAll(running);
    }

    private async Task ReportProgressAsync(long start, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Report.Progress($"{Stopwatch.GetElapsedTime(start).TotalSeconds:0}s: {_tally.CompletedCount} processing, {_tally.FailedCount} failed, {_tally.InFlight} in flight");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
