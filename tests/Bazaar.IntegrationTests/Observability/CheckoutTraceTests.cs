using System.Diagnostics;
using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using OpenTelemetry.Trace;
using Xunit;

namespace Bazaar.IntegrationTests.Observability;

/// <summary>
/// The embedded shop on one port with a gateway-only Bazaar in front of it, both in this test process, so every span
/// of a checkout (the gateway's, the shop's requests, the outbox relay's and each service's consumer) reaches the one
/// in-memory exporter: activity listeners are process-wide, whichever host registered them.
/// </summary>
public sealed class CheckoutTraceTests : IAsyncLifetime
{
    private static readonly string[] Services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"];

    private readonly SpanLog _spans = new();
    private BazaarHost _shop = null!;
    private BazaarHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _shop = BazaarHost.With([], builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
        await _shop.InitializeAsync();
        var gateway = new Dictionary<string, string?>
        {
            ["Bazaar:Services"] = "gateway",
            ["Bazaar:Auth:Authority"] = _shop.BaseAddress.ToString(),
        };
        foreach (var service in Services)
        {
            gateway[$"Bazaar:Endpoints:{service}"] = _shop.BaseAddress.ToString();
        }
        _gateway = BazaarHost.With(gateway);
        await _gateway.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _shop.DisposeAsync();
    }

    [Fact]
    public async Task One_trace_runs_from_the_gateway_through_every_service_of_the_checkout_to_the_confirmation_mail()
    {
        var customer = await _gateway.NewCustomerAsync("traced");
        await customer.Http.AddToCartAsync(DemoProducts.Plentiful(57).Id, 1);
        // The caller starts the trace (its HTTP client sends it on as traceparent), so its id is known before any span exists.
        var caller = new Activity("checkout caller").Start();
        // Sampled, or every span below would follow the caller's choice and drop out.
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        var traceId = caller.TraceId;
        var response = await customer.Http.PostCheckoutAsync(Shop.Checkout());
        caller.Stop();
        var order = await response.JsonAsync(HttpStatusCode.Accepted);
        await customer.Http.WaitForOrderStatusAsync(order.GetProperty("id").GetString()!, "processing");

        IReadOnlyList<Activity> spans = [];
        try
        {
            await Eventually.TrueAsync(() =>
            {
                spans = _spans.InTrace(traceId);
                return Task.FromResult(spans.Any(IsConsumer("notification/", "bazaar.ordering.order-confirmed")));
            }, "notification's span of the order confirmation in the checkout's trace");
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message} The trace has: {Describe(spans)}");
        }

        // The confirmation mail's span leads back, parent by parent, to the gateway: nothing on the way began a trace of its own.
        var chain = Ancestry(spans.First(IsConsumer("notification/", "bazaar.ordering.order-confirmed")), spans);
        AssertInOrder(chain,
            ("notification's consumer of OrderConfirmed", IsConsumer("notification/", "bazaar.ordering.order-confirmed")),
            ("the relay's publish of OrderConfirmed", IsPublish("bazaar.ordering.order-confirmed")),
            ("ordering's consumer of a checkout reply", IsConsumer("ordering/", "")),
            ("payment's consumer of StockReserved", IsConsumer("payment/", "bazaar.inventory.stock-reserved")),
            ("the relay's publish of StockReserved", IsPublish("bazaar.inventory.stock-reserved")),
            ("inventory's consumer of OrderPlaced", IsConsumer("inventory/", "bazaar.ordering.order-placed")),
            ("the relay's publish of OrderPlaced", IsPublish("bazaar.ordering.order-placed")),
            ("ordering's checkout request", IsCheckoutRequest),
            ("the gateway's forwarding", s => s.Source.Name == "Yarp.ReverseProxy"),
            ("the gateway's request", IsCheckoutRequest));
        Assert.Contains(spans, s => IsConsumer("ordering/", "bazaar.payment.payment-succeeded")(s));
        Assert.Contains(spans, s => IsConsumer("inventory/", "bazaar.payment.payment-succeeded")(s));
        Assert.Contains(spans, s => IsConsumer("payment/", "bazaar.ordering.order-placed")(s));
    }

    private static Func<Activity, bool> IsConsumer(string handlerPrefix, string eventType) => span =>
        span.Kind == ActivityKind.Consumer && span.DisplayName.StartsWith(handlerPrefix, StringComparison.Ordinal)
        && span.DisplayName.EndsWith(eventType, StringComparison.Ordinal);

    private static Func<Activity, bool> IsPublish(string eventType) => span =>
        span.Kind == ActivityKind.Producer && span.DisplayName == $"publish {eventType}";

    private static bool IsCheckoutRequest(Activity span) =>
        span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == "/api/orders"
        && span.GetTagItem("http.request.method") as string == "POST";

    private static string Describe(IEnumerable<Activity> spans) =>
        string.Join("; ", spans.Select(s => $"{s.Source.Name}:{s.Kind}:{s.DisplayName}"));

    /// <summary>The span, its parent, its parent's parent, up to the first span whose parent is not in the trace.</summary>
    private static List<Activity> Ancestry(Activity span, IReadOnlyList<Activity> trace)
    {
        var byId = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var chain = new List<Activity> { span };
        while (byId.TryGetValue(chain[^1].ParentSpanId, out var parent) && !chain.Contains(parent))
        {
            chain.Add(parent);
        }
        return chain;
    }

    private static void AssertInOrder(List<Activity> chain, params (string What, Func<Activity, bool> Matches)[] expected)
    {
        var position = 0;
        foreach (var (what, matches) in expected)
        {
            while (position < chain.Count && !matches(chain[position]))
            {
                position++;
            }
            Assert.True(position < chain.Count,
                $"Missing {what} in the chain: {Describe(chain)}");
            position++;
        }
    }
}
