using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.IntegrationTests.Web;

/// <summary>
/// The analytics API's documents, answered in front of a test shop's own pipeline with known figures, written as the
/// API's contract spells them (not with the storefront's own types, so a storefront that misreads the contract fails).
/// Its stream sends what a test publishes. It lets the dashboard be tested on data whether or not the shop has analytics.
/// </summary>
public sealed class CannedAnalytics : IStartupFilter
{
    public enum Mode
    {
        /// <summary>The figures below.</summary>
        Figures,

        /// <summary>Every analytics call answers 503, as a service that is down behind the gateway.</summary>
        Down,

        /// <summary>Every analytics call answers 200 with a document of another shape.</summary>
        OtherShape,
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<Channel<string>> _streams = [];

    public CannedAnalytics(DateTimeOffset now)
    {
        // Windows of five minutes, the last one closed a minute before now.
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % (TimeSpan.TicksPerMinute * 5)), TimeSpan.Zero);
        Windows =
        [
            Window("tumbling", end.AddMinutes(-15), end.AddMinutes(-10), orders: 2, eur: 80.00m, usd: 0m),
            Window("tumbling", end.AddMinutes(-10), end.AddMinutes(-5), orders: 4, eur: 230.50m, usd: 45.00m),
            Window("tumbling", end.AddMinutes(-5), end, orders: 1, eur: 100.00m, usd: 0m),
        ];
        LastHour = Window("sliding", end.AddHours(-1), end, orders: 7, eur: 410.50m, usd: 45.00m, lateEvents: 2);
    }

    /// <summary>A product whose name tries to end the page's data block and run a script of its own.</summary>
    public const string HostileName = "Sneaker </script><script>alert(1)</script>";

    public Mode Answers { get; set; } = Mode.Figures;

    public IReadOnlyList<Dictionary<string, object?>> Windows { get; }

    public Dictionary<string, object?> LastHour { get; }

    public static Dictionary<string, object?> Anomaly { get; } = new()
    {
        ["anomalyId"] = "anomaly-1",
        ["metric"] = "orders",
        ["kind"] = "spike",
        ["currency"] = null,
        ["windowStart"] = "2026-01-30T10:00:00+00:00",
        ["windowEnd"] = "2026-01-30T10:05:00+00:00",
        ["observed"] = 40,
        ["expected"] = 6.5,
        ["score"] = 4.25,
        ["description"] = "Orders were 40 where about 6.5 were expected.",
        ["detectedAt"] = "2026-01-30T10:06:00+00:00",
    };

    /// <summary>The Authorization header of each stream request, in order.</summary>
    public List<string> StreamAuthorizations { get; } = [];

    public int OpenStreams
    {
        get
        {
            lock (_streams)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>
    /// The services a shop with canned analytics runs: identity, for admins and customers to sign in, and the storefront.
    /// The analytics service itself would only work in the background here, behind the canned answers.
    /// </summary>
    public const string ShopServices = "identity,web";

    /// <summary>A shop whose analytics API answers these figures, started.</summary>
    public static async Task<(BazaarHost Host, CannedAnalytics Analytics)> StartShopAsync()
    {
        var analytics = new CannedAnalytics(DateTimeOffset.UtcNow);
        var host = BazaarHost.With(new() { ["Bazaar:Services"] = ShopServices }, builder => builder.Services.AddSingleton<IStartupFilter>(analytics));
        await host.InitializeAsync();
        return (host, analytics);
    }

    /// <summary>Sends an event to every open stream, as the analytics API does when a window closes or an anomaly is found.</summary>
    public void Publish(string name, object data)
    {
        var message = $"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n";
        lock (_streams)
        {
            foreach (var stream in _streams)
            {
                stream.Writer.TryWrite(message);
            }
        }
    }

    public static Dictionary<string, object?> Window(string kind, DateTimeOffset start, DateTimeOffset end, long orders, decimal eur, decimal usd, long lateEvents = 0, int revision = 1)
    {
        var usdOrders = usd > 0 ? 1 : 0;
        var eurOrders = orders - usdOrders;
        var revenue = new List<object>();
        if (eurOrders > 0)
        {
            revenue.Add(new { currency = "EUR", orders = eurOrders, revenue = eur, averageOrderValue = Math.Round(eur / eurOrders, 2, MidpointRounding.AwayFromZero) });
        }
        if (usdOrders > 0)
        {
            revenue.Add(new { currency = "USD", orders = usdOrders, revenue = usd, averageOrderValue = usd });
        }
        return new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["start"] = start,
            ["end"] = end,
            ["revision"] = revision,
            ["ordersPlaced"] = orders,
            ["ordersConfirmed"] = orders,
            ["cancellations"] = 0,
            ["itemsSold"] = orders * 2,
            ["lateEvents"] = lateEvents,
            ["revenue"] = revenue,
            ["topProductsByQuantity"] = new object[]
            {
                new { productId = "p-trail", name = "Trail Running Shoes", quantity = orders + 3 },
                new { productId = "p-hostile", name = HostileName, quantity = 1 },
            },
            ["topProductsByRevenue"] = new object[]
            {
                new { currency = "EUR", productId = "p-trail", name = "Trail Running Shoes", revenue = eur, quantity = orders + 3 },
            },
            ["byRegion"] = usdOrders > 0
                ? new object[]
                {
                    new { country = "DE", region = (string?)null, currency = "EUR", orders = eurOrders, revenue = eur },
                    new { country = "US", region = "CA", currency = "USD", orders = usdOrders, revenue = usd },
                }
                : [new { country = "DE", region = (string?)null, currency = "EUR", orders = eurOrders, revenue = eur }],
            ["paymentFailures"] = new object[] { new { reason = "card_declined", count = 1 } },
        };
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map("/api/analytics", analytics => analytics.Run(AnswerAsync));
        next(app);
    };

    private Task AnswerAsync(HttpContext http)
    {
        if (Answers == Mode.Down)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return http.Response.WriteAsJsonAsync(new { title = "Analytics is down for maintenance.", status = 503 }, Json, "application/problem+json");
        }
        if (Answers == Mode.OtherShape)
        {
            return http.Response.WriteAsJsonAsync(new { position = "soon", items = "none" }, Json);
        }
        return http.Request.Path.Value switch
        {
            "/summary" => http.Response.WriteAsJsonAsync(new
            {
                position = 1234,
                watermark = Windows[^1]["end"],
                lateEvents = 17,
                droppedEvents = 3,
                latestWindow = Windows[^1],
                lastHour = LastHour,
                anomaliesLast24Hours = 1,
            }, Json),
            "/windows" => http.Response.WriteAsJsonAsync(new { kind = "tumbling", from = Windows[0]["start"], to = Windows[^1]["end"], items = Windows }, Json),
            "/top-products" when http.Request.Query["by"] == "revenue" =>
                http.Response.WriteAsJsonAsync(new { from = LastHour["start"], to = LastHour["end"], by = "revenue", items = LastHour["topProductsByRevenue"] }, Json),
            "/top-products" => http.Response.WriteAsJsonAsync(new { from = LastHour["start"], to = LastHour["end"], by = "quantity", items = LastHour["topProductsByQuantity"] }, Json),
            "/anomalies" => http.Response.WriteAsJsonAsync(new { items = new[] { Anomaly }, page = 1, pageSize = 20, total = 1 }, Json),
            "/peak-hours" => http.Response.WriteAsJsonAsync(PeakHours(int.Parse(http.Request.Query["days"].FirstOrDefault() ?? "7", CultureInfo.InvariantCulture)), Json),
            "/stream" => StreamAsync(http),
            _ => NotFound(http),
        };
    }

    private static Task NotFound(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>Friday 18:00 is the busiest hour of the week, and busier still over four weeks.</summary>
    private static object PeakHours(int days) => new
    {
        days,
        from = "2026-01-01T00:00:00+00:00",
        to = "2026-01-29T00:00:00+00:00",
        cells = new object[]
        {
            new { dayOfWeek = 1, hour = 9, orders = 5, revenue = new[] { new { currency = "EUR", revenue = 250.00m } } },
            new { dayOfWeek = 5, hour = 18, orders = days == 28 ? 48 : 12, revenue = new[] { new { currency = "EUR", revenue = 600.00m } } },
        },
    };

    private async Task StreamAsync(HttpContext http)
    {
        var stream = Channel.CreateUnbounded<string>();
        lock (_streams)
        {
            StreamAuthorizations.Add(http.Request.Headers.Authorization.ToString());
            _streams.Add(stream);
        }
        try
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync("event: ping\ndata: {}\n\n", http.RequestAborted);
            await foreach (var message in stream.Reader.ReadAllAsync(http.RequestAborted))
            {
                await http.Response.WriteAsync(message, http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The storefront closed its side: the admin left the page.
        }
        finally
        {
            lock (_streams)
            {
                _streams.Remove(stream);
            }
        }
    }
}
