using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>More of what shoppers and admins do, for the feature tests of identity, catalog, inventory and cart.</summary>
public static class MoreShop
{
    public const string CartIdHeader = "X-Cart-Id";

    /// <summary>
    /// A client that keeps no cookies, so an anonymous cart is only found through the <c>X-Cart-Id</c> header the test
    /// passes on (the default client would carry the cart cookie along and hide a broken header).
    /// </summary>
    public static HttpClient CreateCookielessClient(this ShopUnderTest host, string? accessToken = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return http;
    }

    /// <summary>A short unique word of letters and digits, so search finds exactly what a test created.</summary>
    public static string UniqueWord(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A valid product body as an admin writes it; <paramref name="brand"/> defaults to a brand of its own.</summary>
    public static Dictionary<string, object?> ProductBody(
        string? sku = null, string? name = null, decimal price = 42.50m, string? category = null, string? brand = null, int? initialStock = null)
    {
        var word = UniqueWord("t");
        var body = new Dictionary<string, object?>
        {
            ["sku"] = sku ?? ("T-" + word.ToUpperInvariant()),
            ["name"] = name ?? $"Test Gadget {word}",
            ["description"] = "A gadget made by an integration test.",
            ["price"] = new { amount = price, currency = "USD" },
            ["category"] = category ?? "Test Gadgets",
            ["brand"] = brand ?? ("Brand" + word),
        };
        if (initialStock is not null)
        {
            body["initialStock"] = initialStock;
        }
        return body;
    }

    /// <summary>Creates a product as an admin and returns it as the API answered.</summary>
    public static async Task<JsonElement> CreateProductAsync(this HttpClient admin, Dictionary<string, object?> body)
    {
        var response = await admin.PostAsJsonAsync("/api/products", body);
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Creates a product with stock and waits until inventory has opened its stock record.</summary>
    public static async Task<string> CreateStockedProductAsync(this HttpClient admin, int stock, decimal price = 42.50m)
    {
        var product = await admin.CreateProductAsync(ProductBody(price: price, initialStock: stock));
        var id = product.GetProperty("id").GetString()!;
        await Eventually.TrueAsync(async () =>
        {
            var response = await admin.GetAsync($"/api/inventory/{id}");
            return response.StatusCode == HttpStatusCode.OK && (await response.JsonAsync()).GetProperty("available").GetInt32() == stock;
        }, $"inventory to open stock for product {id}");
        return id;
    }

    public static async Task<JsonElement> GetProductAsync(this HttpClient http, string productId) =>
        await (await http.GetAsync($"/api/products/{productId}")).JsonAsync();

    public static async Task<JsonElement> SearchAsync(this HttpClient http, string query) =>
        await (await http.GetAsync($"/api/products?{query}")).JsonAsync();

    public static async Task<int> ProductCountAsync(this HttpClient http) =>
        (await http.SearchAsync("pageSize=1")).GetProperty("totalCount").GetInt32();

    public static async Task<JsonElement> CartAsync(this HttpClient http, string? cartId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        if (cartId is not null)
        {
            request.Headers.Add(CartIdHeader, cartId);
        }
        return await (await http.SendAsync(request)).JsonAsync();
    }

    /// <summary>The cart's lines as product id → quantity.</summary>
    public static Dictionary<string, int> Lines(this JsonElement cart) =>
        cart.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("productId").GetString()!, i => i.GetProperty("quantity").GetInt32());

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient http, HttpMethod method, string path, object? body, string? cartId = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (cartId is not null)
        {
            request.Headers.Add(CartIdHeader, cartId);
        }
        return await http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(this ShopUnderTest host, Dictionary<string, string> body)
    {
        using var http = host.CreateClient();
        return await http.PostAsJsonAsync("/api/users/login", body);
    }

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>
    /// Asserts a client error (any 4xx) answered as an RFC 9457 problem that leaks nothing of the server's insides.
    /// </summary>
    public static async Task<JsonElement> ClientErrorProblemAsync(this HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status is < 400 or > 499)
        {
            throw new XunitException($"{response.RequestMessage?.Method} {Shorten(response.RequestMessage?.RequestUri?.ToString())} answered {status}, expected a 4xx: {Shorten(body)}");
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new XunitException($"{response.RequestMessage?.Method} {Shorten(response.RequestMessage?.RequestUri?.ToString())} answered {status} as '{response.Content.Headers.ContentType}', expected application/problem+json: {Shorten(body)}");
        }
        var json = JsonDocument.Parse(body).RootElement.Clone();
        if (!json.TryGetProperty("status", out var reported) || reported.GetInt32() != status)
        {
            throw new XunitException($"The problem's status does not match the response's {status}: {Shorten(body)}");
        }
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
        {
            throw new XunitException($"A problem response leaks internals: {Shorten(body)}");
        }
        return json;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 400 ? text : text[..400] + "…";
}
