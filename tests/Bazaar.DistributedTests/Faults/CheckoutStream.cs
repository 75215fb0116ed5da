using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Xunit;
using Xunit.Abstractions;

namespace Bazaar.DistributedTests.Faults;

/// <summary>
/// A steady stream of checkouts through the gateway while a test breaks something: a few customers, each checking out
/// one after another, some on a product with few units (so it sells out), one in seven with a declined card.
/// A checkout that gets no answer is retried with its <c>Idempotency-Key</c>, as a careful client would; only a 202 counts
/// as accepted.
/// </summary>
public sealed class CheckoutStream : IAsyncDisposable
{
    private const int Retries = 3;

    private const int MinimumAccepted = 200;

    private readonly ConcurrentQueue<string> _accepted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private int _refused;

    private CheckoutStream()
    {
    }

    public int AcceptedCount => _accepted.Count;

    /// <summary>Checkouts that got an answer other than 202, or none at all, after their retries.</summary>
    public int RefusedCount => Volatile.Read(ref _refused);

    public static async Task<CheckoutStream> StartAsync(ShopUnderTest shop, string name, int customers = 4)
    {
        using var admin = await shop.AdminAsync();
        // A scarce product that sells out during the run, and two that never do.
        string[] products = [await admin.CreateStockedProductAsync(15), await admin.CreateStockedProductAsync(100_000), await admin.CreateStockedProductAsync(100_000)];
        var stream = new CheckoutStream();
        for (var i = 0; i < customers; i++)
        {
            var customer = await shop.NewCustomerAsync($"{name}-{i}");
            var http = shop.CreateClient(customer.Tokens.AccessToken);
            http.Timeout = TimeSpan.FromSeconds(10);
            stream._workers.Add(Task.Run(() => stream.RunAsync(http, products, i)));
        }
        return stream;
    }

    /// <summary>Waits until <paramref name="more"/> checkouts beyond those accepted so far are accepted: the shop is taking orders.</summary>
    public Task WaitForMoreAsync(int more)
    {
        var target = AcceptedCount + more;
        return Eventually.TrueAsync(() => Task.FromResult(AcceptedCount >= target), $"{more} more checkouts to be accepted (at {AcceptedCount})",
            TimeSpan.FromMinutes(2));
    }

    /// <summary>Stops the stream and returns the ids of the orders it was answered with, one per accepted checkout.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return [.. _accepted];
    }

    /// <summary>
    /// Stops the stream, waits for every order to reach its outcome, and runs the invariant checker over the shop:
    /// every accepted checkout has its order, and nothing is oversold, lost, charged or sent twice.
    /// </summary>
    public async Task AssertNothingBrokenAsync(DistributedShop shop, ITestOutputHelper output)
    {
        // Hundreds of checkouts a run, whatever the fault cost: the stream goes on until it has them.
        await Eventually.TrueAsync(() => Task.FromResult(AcceptedCount >= MinimumAccepted), $"{MinimumAccepted} checkouts to be accepted (at {AcceptedCount})",
            TimeSpan.FromMinutes(3));
        var accepted = await StopAsync();
        output.WriteLine($"{accepted.Count} checkouts accepted, {RefusedCount} refused or unanswered");
        var report = await shop.Invariants().CheckSettledAsync(TimeSpan.FromMinutes(2), accepted, untilNonePending: true);
        output.WriteLine(report.ToString());
        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(0, report.PendingOrders);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(HttpClient http, string[] products, int worker)
    {
        using (http)
        {
            for (var n = worker; !_stop.IsCancellationRequested; n++)
            {
                var productId = products[n % products.Length];
                var token = n % 7 == 6 ? "tok_chargeDeclined" : "tok_visa";
                var orderId = await CheckoutAsync(http, Shop.Checkout(token, TestCatalog.Items(productId, 1 + (n % 2))));
                if (orderId is null)
                {
                    Interlocked.Increment(ref _refused);
                }
                else
                {
                    _accepted.Enqueue(orderId);
                }
                await Task.Delay(100);
            }
        }
    }

    private async Task<string?> CheckoutAsync(HttpClient http, object body)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 0; attempt <= Retries && !_stop.IsCancellationRequested; attempt++)
        {
            try
            {
                using var response = await http.PostCheckoutAsync(body, key);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                }
                // A conflict is the same key still being worked on; a 5xx, a service away. Both are worth asking again.
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict)
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No answer: the order may or may not exist; the same key finds out.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500 * (attempt + 1)));
        }
        return null;
    }
}
