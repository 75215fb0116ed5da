using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;

namespace Bazaar.DistributedTests.Soak;

/// <summary>
/// Shoppers doing what Online Boutique's load generator does, in its proportions (browse a product 10, view the cart 3,
/// add to the cart 2, the home page 1, check out the cart 1) plus search 2, each with a short pause between actions.
/// A checkout that gets no answer is retried with its <c>Idempotency-Key</c>; accepted ones are kept for the checker.
/// </summary>
public sealed class MixedWorkload : IAsyncDisposable
{
    private static readonly (string Action, int Weight)[] Mix =
        [("browse", 10), ("cart", 3), ("add", 2), ("home", 1), ("checkout", 1), ("search", 2)];

    private static readonly string[] Words = ["mug", "lamp", "camera", "book", "shoe", "pro", "mini", "speaker"];

    private readonly ConcurrentQueue<string> _accepted = new();
    private readonly ConcurrentDictionary<string, long> _outcomes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _shoppers = [];

    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    public static async Task<MixedWorkload> StartAsync(ShopUnderTest shop, int shoppers, IReadOnlyList<string> products)
    {
        var workload = new MixedWorkload();
        for (var i = 0; i < shoppers; i++)
        {
            var customer = await shop.NewCustomerAsync($"soak{i}");
            var http = shop.CreateCookielessClient(customer.Tokens.AccessToken);
            http.Timeout = TimeSpan.FromSeconds(10);
            var seed = i;
            workload._shoppers.Add(Task.Run(() => workload.ShopAsync(http, products, new Random(seed))));
        }
        return workload;
    }

    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_shoppers);
        return [.. _accepted];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task ShopAsync(HttpClient http, IReadOnlyList<string> products, Random random)
    {
        using (http)
        {
            while (!_stop.IsCancellationRequested)
            {
                var action = Pick(random);
                string outcome;
                try
                {
                    outcome = $"{action} {await ActAsync(http, action, products[random.Next(products.Count)], random)}";
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    outcome = $"{action} no answer";
                }
                _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                await Task.Delay(random.Next(50, 150));
            }
        }
    }

    private async Task<string> ActAsync(HttpClient http, string action, string productId, Random random)
    {
        HttpResponseMessage response;
        switch (action)
        {
            case "browse":
                response = await http.GetAsync($"/api/products/{productId}");
                break;
            case "cart":
                response = await http.GetAsync("/api/cart");
                break;
            case "add":
                response = await http.PostAsJsonAsync("/api/cart/items", new { productId, quantity = random.Next(1, 3) });
                break;
            case "home":
                response = await http.GetAsync("/api/products?pageSize=12");
                break;
            case "search":
                response = await http.GetAsync($"/api/products?q={Words[random.Next(Words.Length)]}");
                break;
            default:
                return await CheckoutAsync(http);
        }
        using (response)
        {
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async Task<string> CheckoutAsync(HttpClient http)
    {
        var key = Guid.NewGuid().ToString();
        var status = "no answer";
        for (var attempt = 0; attempt < 3 && !_stop.IsCancellationRequested; attempt++)
        {
            try
            {
                using var response = await http.PostCheckoutAsync(Shop.Checkout(), key);
                status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    _accepted.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                    // The shopper starts a new cart, as on Online Boutique; an order that is cancelled (sold out) is not retried.
                    using var cleared = await http.DeleteAsync("/api/cart");
                    return status;
                }
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict)
                {
                    return status;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                status = "no answer";
            }
            await Task.Delay(1000);
        }
        return status;
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(Mix.Sum(m => m.Weight));
        foreach (var (action, weight) in Mix)
        {
            if ((roll -= weight) < 0)
            {
                return action;
            }
        }
        return Mix[0].Action;
    }
}
