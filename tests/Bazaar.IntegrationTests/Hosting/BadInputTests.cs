using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Hosting;

/// <summary>
/// Every write endpoint, fed malformed, mistyped, huge and oversized input: each answer is a 4xx problem, never a
/// 5xx, and the shop is as it was (DESIGN.md §6: "Bad input gets a 4xx problem response and changes nothing").
/// Requests go as an admin, so that authorization lets them reach the body and the handler.
/// </summary>
/// <summary>Runs on both shapes: <see cref="BadInputTests"/> here, and again in the distributed tests.</summary>
public abstract class BadInputScenarios(ShopUnderTest host)
{
    private static readonly ConditionalWeakTable<ShopUnderTest, Task<Targets>> Prepared = new();

    /// <summary>Write endpoints that take a JSON body, with a valid body to spoil ({placeholders} name the targets).</summary>
    private static readonly Dictionary<string, string> BodyEndpoints = new()
    {
        ["POST /api/users/register"] = """{"username":"badinput","email":"badinput@example.com","password":"Correct-Horse-9","fullName":"Bad Input","phone":"+1 555 0100","address":{"line1":"1 Main St","city":"Springfield"}}""",
        ["POST /api/users/login"] = """{"username":"{victimName}","password":"{victimPassword}"}""",
        ["POST /api/users/refresh"] = """{"refreshToken":"{refresh}"}""",
        ["PUT /api/users/{user}"] = """{"email":"changed-{victimEmail}","fullName":"Changed","phone":"+1 555 0101","address":{"line1":"2 Main St"},"role":"admin"}""",
        ["POST /api/users/password-reset/request"] = """{"email":"{victimEmail}"}""",
        ["POST /api/users/password-reset/confirm"] = """{"token":"bm90LWEtcmVhbC1yZXNldC10b2tlbg","newPassword":"Brand-New-Secret-7"}""",
        ["POST /api/products"] = """{"sku":"BADINPUT-1","name":"Bad Input Gadget","description":"Never created.","price":{"amount":12.50,"currency":"USD"},"category":"Bad Input","brand":"Bad Input","initialStock":5}""",
        ["PUT /api/products/{product}"] = """{"sku":"BADINPUT-2","name":"Changed Gadget","description":"Never changed.","price":{"amount":1.25,"currency":"USD"},"category":"Bad Input","brand":"Bad Input"}""",
        ["PUT /api/inventory/{product}"] = """{"available":77}""",
        ["PATCH /api/products/{product}/stock"] = """{"delta":3}""",
        ["POST /api/cart/items"] = """{"productId":"{product}","quantity":2}""",
        ["PUT /api/cart/items/{product}"] = """{"quantity":5}""",
        ["POST /api/orders"] = """{"shippingAddress":{"name":"Ada Lovelace","line1":"12 St James's Square","city":"London","postalCode":"SW1Y 4JH","country":"GB"},"paymentMethod":{"type":"card","token":"tok_visa"},"items":[{"productId":"{product}","quantity":1}]}""",
        ["PATCH /api/orders/{order}/status"] = """{"status":"shipped","reason":"bad input"}""",
        ["POST /api/payments/process"] = """{"orderId":"{order}","paymentMethod":{"type":"card","token":"tok_visa"}}""",
        ["POST /api/payments/refund"] = """{"paymentId":"{payment}","amount":{"amount":1.00,"currency":"USD"},"reason":"bad input"}""",
        ["POST /api/notifications/send"] = """{"userId":"{user}","to":"{victimEmail}","subject":"Hello","body":"Bad input test"}""",
    };

    /// <summary>Write endpoints whose only input is the id in their route.</summary>
    private static readonly string[] RouteEndpoints =
    [
        "DELETE /api/users/{id}",
        "DELETE /api/products/{id}",
        "DELETE /api/cart/items/{id}",
        "DELETE /api/orders/{id}",
        "POST /api/notifications/{id}/retry",
    ];

    private static readonly Dictionary<string, string> RouteIds = new()
    {
        ["an unknown id"] = Guid.NewGuid().ToString(),
        ["a 2000-character id"] = new string('x', 2000),
        ["a huge number id"] = "99999999999999999999999999999999",
        ["an SQL-looking id"] = Uri.EscapeDataString("1' OR '1'='1"),
        ["an id of encoded path segments"] = "..%2F..%2Fetc%2Fpasswd",
        ["an id of control and RTL characters"] = Uri.EscapeDataString("\u202e\u0001\u00ff"),
    };

    private static readonly string[] BodyKinds =
    [
        "malformed JSON", "empty body", "null body", "array body", "array for a nested object", "string for a number", "number for a string",
        "huge number 1e30", "huge number 99999999999", "100 KB strings", "body over 1 MB", "deeply nested JSON", "JSON sent as text/plain",
    ];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var (endpoint, template) in BodyEndpoints)
        {
            foreach (var kind in BodyKinds.Where(k => Spoil(JsonNode.Parse(template)!, k) is not null))
            {
                cases.Add(endpoint, kind);
            }
        }
        foreach (var endpoint in RouteEndpoints)
        {
            foreach (var kind in RouteIds.Keys)
            {
                cases.Add(endpoint, kind);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_4xx_problem_and_changes_nothing(string endpoint, string input)
    {
        var targets = await Prepared.GetValue(host, PrepareAsync);
        var before = await SnapshotAsync(targets);

        using var request = BuildRequest(endpoint, input, targets);
        var response = await targets.Admin.SendAsync(request);

        await response.ClientErrorProblemAsync();
        Assert.Equal(before, await SnapshotAsync(targets));
    }

    private static HttpRequestMessage BuildRequest(string endpoint, string input, Targets targets)
    {
        var method = new HttpMethod(endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)]);
        var route = endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        if (RouteIds.TryGetValue(input, out var id))
        {
            return new HttpRequestMessage(method, route.Replace("{id}", id, StringComparison.Ordinal));
        }

        var request = new HttpRequestMessage(method, targets.Fill(route));
        var body = Spoil(JsonNode.Parse(targets.Fill(BodyEndpoints[endpoint]))!, input)!;
        request.Content = new StringContent(body, Encoding.UTF8, input == "JSON sent as text/plain" ? "text/plain" : "application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        // A client sending a large body waits for the server's go-ahead, so it reads the refusal instead of a broken pipe.
        request.Headers.ExpectContinue = input == "body over 1 MB";
        return request;
    }

    /// <summary>The valid body spoiled in one way, or null when that way does not apply to this body.</summary>
    private static string? Spoil(JsonNode body, string kind)
    {
        var valid = body.ToJsonString();
        var first = true;
        bool IsFirst()
        {
            var was = first;
            first = false;
            return was;
        }
        var hasNumbers = Leaves(body).Any(v => v.GetValueKind() == JsonValueKind.Number);
        var hasStrings = Leaves(body).Any(v => v.GetValueKind() == JsonValueKind.String);
        var targetsStrings = hasStrings ? JsonValueKind.String : JsonValueKind.Number;
        return kind switch
        {
            "malformed JSON" => valid[..^1] + ",,",
            "empty body" => "",
            "null body" => "null",
            "array body" => $"[{valid}]",
            "array for a nested object" => body.AsObject().Any(p => p.Value is JsonObject)
                ? Map(body, (node, depth) => depth > 0 && node is JsonObject ? new JsonArray() : node)!.ToJsonString()
                : null,
            "string for a number" => hasNumbers ? MapLeaves(body, JsonValueKind.Number, _ => JsonValue.Create("lots")) : null,
            "number for a string" => hasStrings ? MapLeaves(body, JsonValueKind.String, _ => JsonValue.Create(12345)) : null,
            "huge number 1e30" => hasNumbers ? MapLeaves(body, JsonValueKind.Number, _ => JsonValue.Create(1e30)) : null,
            "huge number 99999999999" => hasNumbers ? MapLeaves(body, JsonValueKind.Number, _ => JsonValue.Create(99_999_999_999L)) : null,
            "100 KB strings" => MapLeaves(body, targetsStrings, _ => JsonValue.Create(new string('x', 100 * 1024))),
            "body over 1 MB" => MapLeaves(body, targetsStrings, v => IsFirst() ? JsonValue.Create(new string('x', 1_100_000)) : v.DeepClone()),
            "deeply nested JSON" => MapLeaves(body, targetsStrings, v => IsFirst() ? JsonValue.Create("__deep__") : v.DeepClone())
                .Replace("\"__deep__\"", new string('[', 100) + new string(']', 100), StringComparison.Ordinal),
            "JSON sent as text/plain" => valid,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static IEnumerable<JsonValue> Leaves(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value)),
        JsonArray a => a.SelectMany(Leaves),
        JsonValue v => [v],
        _ => [],
    };

    private static string MapLeaves(JsonNode body, JsonValueKind kind, Func<JsonValue, JsonNode> replace) =>
        Map(body, (node, _) => node is JsonValue v && v.GetValueKind() == kind ? replace(v) : node)!.ToJsonString();

    /// <summary>A copy of the tree in which <paramref name="map"/> may replace any node (returning it unchanged keeps it).</summary>
    private static JsonNode? Map(JsonNode? node, Func<JsonNode?, int, JsonNode?> map, int depth = 0)
    {
        var mapped = map(node, depth);
        if (!ReferenceEquals(mapped, node))
        {
            return mapped;
        }
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o)
                {
                    copy[key] = Map(value, map, depth + 1);
                }
                return copy;
            case JsonArray a:
                var array = new JsonArray();
                foreach (var value in a)
                {
                    array.Add(Map(value, map, depth + 1));
                }
                return array;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>What a bad request could have changed, read back through the API.</summary>
    private static async Task<List<string>> SnapshotAsync(Targets t)
    {
        async Task<string> Read(string path, string? property = null)
        {
            var response = await t.Admin.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            var value = property is null || response.StatusCode != HttpStatusCode.OK ? body : JsonDocument.Parse(body).RootElement.GetProperty(property).GetRawText();
            return $"{path} -> {(int)response.StatusCode} {value}";
        }
        var reads = await Task.WhenAll(
            Read("/api/users?pageSize=1", "totalCount"),
            Read($"/api/users/{t.VictimId}"),
            Read("/api/products?pageSize=1", "totalCount"),
            Read($"/api/products/{t.ProductId}"),
            Read($"/api/inventory/{t.ProductId}"),
            Read("/api/cart"),
            Read("/api/orders?pageSize=1", "totalCount"),
            Read($"/api/orders/{t.OrderId}"),
            Read($"/api/payments/order/{t.OrderId}"),
            Read($"/api/notifications?pageSize=1&userId={t.VictimId}", "totalCount"));
        return [.. reads];
    }

    /// <summary>Once per host: an admin, a customer to aim at, a product of our own in the admin's cart, and a paid order of it.</summary>
    private static async Task<Targets> PrepareAsync(ShopUnderTest host)
    {
        var admin = await host.AdminAsync();
        var victim = await host.NewCustomerAsync("victim");
        var productId = await admin.CreateStockedProductAsync(30);
        await Eventually.TrueAsync(async () => (await admin.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 2 })).IsSuccessStatusCode,
            "the cart to know the product");

        var buyer = await host.NewCustomerAsync("buyer");
        var orderId = await buyer.Http.CheckoutAsync(items: new[] { new { productId, quantity = 1 } });
        await buyer.Http.WaitForOrderStatusAsync(orderId, "processing");
        var payment = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            var response = await admin.GetAsync($"/api/payments/order/{orderId}");
            payment = response.StatusCode == HttpStatusCode.OK ? await response.JsonAsync() : default;
            return payment.ValueKind == JsonValueKind.Object && payment.GetProperty("status").GetString() == "captured";
        }, "the order's payment to be captured");
        await Eventually.TrueAsync(async () => await admin.StockAsync(productId) == (29, 0), "the sale to be committed");

        return new Targets(admin, victim.Id, victim.Username, victim.Email, victim.Password, victim.Tokens.RefreshToken, productId, orderId,
            payment.GetProperty("id").GetString()!);
    }

    private sealed record Targets(
        HttpClient Admin, string VictimId, string VictimName, string VictimEmail, string VictimPassword, string RefreshToken,
        string ProductId, string OrderId, string PaymentId)
    {
        public string Fill(string text) => text
            .Replace("{user}", VictimId, StringComparison.Ordinal)
            .Replace("{victimName}", VictimName, StringComparison.Ordinal)
            .Replace("{victimEmail}", VictimEmail, StringComparison.Ordinal)
            .Replace("{victimPassword}", VictimPassword, StringComparison.Ordinal)
            .Replace("{refresh}", RefreshToken, StringComparison.Ordinal)
            .Replace("{product}", ProductId, StringComparison.Ordinal)
            .Replace("{order}", OrderId, StringComparison.Ordinal)
            .Replace("{payment}", PaymentId, StringComparison.Ordinal);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class BadInputTests(BazaarHost host) : BadInputScenarios(host);
