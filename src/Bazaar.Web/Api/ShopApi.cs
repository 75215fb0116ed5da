using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Catalog;
using Bazaar.Web.Session;

namespace Bazaar.Web.Api;

/// <summary>
/// The public HTTP API as the pages use it, on behalf of whoever is browsing: their access token and their anonymous
/// cart go with every call. The storefront has no other way into the shop.
/// </summary>
public sealed partial class ShopApi(HttpClient http, IHttpClientFactory clients, ApiAddress address, WebSession session, ILogger<ShopApi> logger)
{
    public const string CartHeader = "X-Cart-Id";

    /// <summary>The client for event streams, which stay open for as long as someone watches: no timeout, no retries.</summary>
    public const string StreamClient = "bazaar-api-stream";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The analytics documents are read strictly: a missing or null field the dashboard counts on makes the answer a
    /// problem to show, rather than a page that fails halfway through rendering.
    /// </summary>
    private static readonly JsonSerializerOptions StrictJson = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    // Catalog
    public Task<ApiResult<ProductSearchResult>> SearchAsync(CatalogQuery query, CancellationToken ct = default) => GetAsync<ProductSearchResult>("api/products" + query.ToQueryString(), ct);

    public Task<ApiResult<ProductDto>> ProductAsync(string id, CancellationToken ct = default) => GetAsync<ProductDto>($"api/products/{Uri.EscapeDataString(id)}", ct);

    public Task<ApiResult<List<Category>>> CategoriesAsync(CancellationToken ct = default) => GetAsync<List<Category>>("api/categories", ct);

    public Task<ApiResult<List<string>>> SuggestionsAsync(string prefix, CancellationToken ct = default) =>
        GetAsync<List<string>>($"api/products/suggestions?q={Uri.EscapeDataString(prefix)}", ct);

    public Task<ApiResult<ProductDto>> CreateProductAsync(ProductWrite product, CancellationToken ct = default) => SendAsync<ProductDto>(HttpMethod.Post, "api/products", product, ct);

    public Task<ApiResult<ProductDto>> UpdateProductAsync(string id, ProductWrite product, CancellationToken ct = default) =>
        SendAsync<ProductDto>(HttpMethod.Put, $"api/products/{Uri.EscapeDataString(id)}", product, ct);

    public Task<ApiResult<bool>> DeleteProductAsync(string id, CancellationToken ct = default) => SendAsync<bool>(HttpMethod.Delete, $"api/products/{Uri.EscapeDataString(id)}", null, ct);

    // Inventory
    public Task<ApiResult<Stock>> StockAsync(string productId, CancellationToken ct = default) => GetAsync<Stock>($"api/inventory/{Uri.EscapeDataString(productId)}", ct);

    public Task<ApiResult<PageOf<Stock>>> StockLevelsAsync(bool lowStockOnly, int page, CancellationToken ct = default) =>
        GetAsync<PageOf<Stock>>($"api/inventory?lowStock={(lowStockOnly ? "true" : "false")}&page={page}&pageSize=50", ct);

    public Task<ApiResult<Stock>> SetStockAsync(string productId, int available, CancellationToken ct = default) =>
        SendAsync<Stock>(HttpMethod.Put, $"api/inventory/{Uri.EscapeDataString(productId)}", new { available }, ct);

    public Task<ApiResult<Stock>> AdjustStockAsync(string productId, int delta, CancellationToken ct = default) =>
        SendAsync<Stock>(HttpMethod.Patch, $"api/products/{Uri.EscapeDataString(productId)}/stock", new { delta }, ct);

    // Cart
    public async Task<ApiResult<Cart>> CartAsync(CancellationToken ct = default)
    {
        if (session.UserId is null && session.CartId is null)
        {
            return new ApiResult<Cart>(Cart.Empty, null);
        }
        return await GetAsync<Cart>("api/cart", ct);
    }

    public Task<ApiResult<Cart>> AddToCartAsync(string productId, int quantity, CancellationToken ct = default) =>
        SendAsync<Cart>(HttpMethod.Post, "api/cart/items", new { productId, quantity }, ct);

    public Task<ApiResult<Cart>> SetCartQuantityAsync(string productId, int quantity, CancellationToken ct = default) =>
        SendAsync<Cart>(HttpMethod.Put, $"api/cart/items/{Uri.EscapeDataString(productId)}", new { quantity }, ct);

    public Task<ApiResult<Cart>> RemoveFromCartAsync(string productId, CancellationToken ct = default) =>
        SendAsync<Cart>(HttpMethod.Delete, $"api/cart/items/{Uri.EscapeDataString(productId)}", null, ct);

    // Identity
    public Task<ApiResult<Tokens>> LoginAsync(string emailOrUsername, string password, CancellationToken ct = default) =>
        SendAsync<Tokens>(HttpMethod.Post, "api/users/login",
            emailOrUsername.Contains('@', StringComparison.Ordinal) ? new { email = emailOrUsername, password } : new { username = emailOrUsername, password }, ct, anonymous: true);

    public Task<ApiResult<Tokens>> RefreshAsync(string refreshToken, CancellationToken ct = default) =>
        SendAsync<Tokens>(HttpMethod.Post, "api/users/refresh", new { refreshToken }, ct, anonymous: true);

    public Task<ApiResult<User>> RegisterAsync(Registration registration, CancellationToken ct = default) =>
        SendAsync<User>(HttpMethod.Post, "api/users/register", registration, ct, anonymous: true);

    /// <summary>The user a fresh access token belongs to (before the session holds it).</summary>
    public Task<ApiResult<User>> MeAsync(string? accessToken = null, CancellationToken ct = default) =>
        SendAsync<User>(HttpMethod.Get, "api/users/me", null, ct, accessToken: accessToken);

    public Task<ApiResult<User>> UpdateUserAsync(string id, UserUpdate update, CancellationToken ct = default) =>
        SendAsync<User>(HttpMethod.Put, $"api/users/{Uri.EscapeDataString(id)}", update, ct);

    public Task<ApiResult<PageOf<User>>> UsersAsync(string? search, int page, CancellationToken ct = default) =>
        GetAsync<PageOf<User>>($"api/users?page={page}&pageSize=50{Param("q", search)}", ct);

    public Task<ApiResult<bool>> RequestPasswordResetAsync(string email, CancellationToken ct = default) =>
        SendAsync<bool>(HttpMethod.Post, "api/users/password-reset/request", new { email }, ct, anonymous: true);

    public Task<ApiResult<bool>> ConfirmPasswordResetAsync(string token, string newPassword, CancellationToken ct = default) =>
        SendAsync<bool>(HttpMethod.Post, "api/users/password-reset/confirm", new { token, newPassword }, ct, anonymous: true);

    // Orders
    public Task<ApiResult<Order>> CheckoutAsync(string idempotencyKey, CheckoutRequest checkout, CancellationToken ct = default) =>
        SendAsync<Order>(HttpMethod.Post, "api/orders", checkout, ct, headers: [new("Idempotency-Key", idempotencyKey)]);

    public Task<ApiResult<Order>> OrderAsync(string id, CancellationToken ct = default) => GetAsync<Order>($"api/orders/{Uri.EscapeDataString(id)}", ct);

    public Task<ApiResult<PageOf<Order>>> OrdersAsync(OrderFilter filter, CancellationToken ct = default) =>
        GetAsync<PageOf<Order>>(
            $"api/orders?page={filter.Page}&pageSize={filter.PageSize}{Param("status", filter.Status)}{Param("userId", filter.UserId)}" +
            $"{Param("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}" +
            $"{Param("to", filter.To?.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}", ct);

    public Task<ApiResult<Order>> ChangeOrderStatusAsync(string id, string status, CancellationToken ct = default) =>
        SendAsync<Order>(HttpMethod.Patch, $"api/orders/{Uri.EscapeDataString(id)}/status", new { status }, ct);

    public Task<ApiResult<Order>> CancelOrderAsync(string id, CancellationToken ct = default) => SendAsync<Order>(HttpMethod.Delete, $"api/orders/{Uri.EscapeDataString(id)}", null, ct);

    // Notifications and dead letters (admin)
    public Task<ApiResult<PageOf<Notification>>> NotificationsAsync(string? status, int page, CancellationToken ct = default) =>
        GetAsync<PageOf<Notification>>($"api/notifications?page={page}&pageSize=50{Param("status", status)}", ct);

    public Task<ApiResult<Notification>> RetryNotificationAsync(string id, CancellationToken ct = default) =>
        SendAsync<Notification>(HttpMethod.Post, $"api/notifications/{Uri.EscapeDataString(id)}/retry", null, ct);

    public Task<ApiResult<List<DeadLetter>>> DeadLettersAsync(bool includeReplayed, CancellationToken ct = default) =>
        GetAsync<List<DeadLetter>>($"api/admin/dead-letters?includeReplayed={(includeReplayed ? "true" : "false")}", ct);

    public Task<ApiResult<ReplayOutcome>> ReplayDeadLetterAsync(string id, CancellationToken ct = default) =>
        SendAsync<ReplayOutcome>(HttpMethod.Post, $"api/admin/dead-letters/{Uri.EscapeDataString(id)}/replay", null, ct);

    // Analytics (admin)
    public Task<ApiResult<AnalyticsSummary>> AnalyticsSummaryAsync(CancellationToken ct = default) => GetAsync<AnalyticsSummary>("api/analytics/summary", ct, StrictJson);

    /// <summary>The latest revision of each tumbling window of the last <paramref name="span"/>, oldest first.</summary>
    public Task<ApiResult<WindowList>> TumblingWindowsAsync(TimeSpan span, TimeProvider time, CancellationToken ct = default)
    {
        var to = time.GetUtcNow();
        return GetAsync<WindowList>($"api/analytics/windows?kind=tumbling&from={Instant(to - span)}&to={Instant(to)}", ct, StrictJson);
    }

    public Task<ApiResult<TopProducts<ProductQuantity>>> TopProductsByQuantityAsync(CancellationToken ct = default) =>
        GetAsync<TopProducts<ProductQuantity>>("api/analytics/top-products?by=quantity", ct, StrictJson);

    public Task<ApiResult<TopProducts<ProductRevenue>>> TopProductsByRevenueAsync(CancellationToken ct = default) =>
        GetAsync<TopProducts<ProductRevenue>>("api/analytics/top-products?by=revenue", ct, StrictJson);

    public Task<ApiResult<AnomalyPage>> AnomaliesAsync(int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<AnomalyPage>($"api/analytics/anomalies?page={page}&pageSize={pageSize}", ct, StrictJson);

    /// <summary>Orders by weekday and hour over the last 7 or 28 days.</summary>
    public Task<ApiResult<PeakHours>> PeakHoursAsync(int days, CancellationToken ct = default) => GetAsync<PeakHours>($"api/analytics/peak-hours?days={days}", ct, StrictJson);

    /// <summary>
    /// Opens the analytics service's server-sent events (<c>window</c>, <c>anomaly</c>, <c>ping</c>) as they come: the
    /// caller reads the open response, and disposes it. <paramref name="lastEventId"/> is the browser's, when it reconnects.
    /// </summary>
    public async Task<ApiResult<HttpResponseMessage>> AnalyticsStreamAsync(string? lastEventId, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, "api/analytics/stream", anonymous: false, accessToken: null);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(lastEventId))
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }
        HttpResponseMessage? response = null;
        try
        {
            response = await clients.CreateClient(StreamClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.IsSuccessStatusCode)
            {
                return new ApiResult<HttpResponseMessage>(response, null);
            }
            using (response)
            {
                return await ProblemOfAsync(response, ct);
            }
        }
        catch (HttpRequestException exception)
        {
            response?.Dispose();
            LogUnreachable(logger, "GET", "api/analytics/stream", exception.Message);
            return ApiProblem.Unavailable;
        }
    }

    private static string Param(string name, string? value) => string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    private static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct, JsonSerializerOptions? json = null) => SendAsync<T>(HttpMethod.Get, path, null, ct, json: json);

    private HttpRequestMessage Request(HttpMethod method, string path, bool anonymous, string? accessToken)
    {
        var request = new HttpRequestMessage(method, new Uri(address.Base, path));
        if (!anonymous && (accessToken ?? session.AccessToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (!anonymous && session.CartId is { } cartId)
        {
            request.Headers.Add(CartHeader, cartId);
        }
        // Believed only where the storefront is a trusted proxy (loopback, Bazaar:TrustedProxies), like any other.
        if (session.ClientAddress is { } client)
        {
            request.Headers.Add("X-Forwarded-For", client);
        }
        return request;
    }

    private async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, CancellationToken ct,
        bool anonymous = false, string? accessToken = null, KeyValuePair<string, string>[]? headers = null, JsonSerializerOptions? json = null)
    {
        using var request = Request(method, path, anonymous, accessToken);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            RememberCart(response);
            if (response.IsSuccessStatusCode)
            {
                if (typeof(T) == typeof(bool))
                {
                    return new ApiResult<T>((T)(object)true, null);
                }
                var value = await response.Content.ReadFromJsonAsync<T>(json ?? Json, ct);
                return new ApiResult<T>(value, null);
            }
            return await ProblemOfAsync(response, ct);
        }
        catch (JsonException exception)
        {
            // A document of another shape than agreed: the page says so instead of failing.
            LogUnexpected(logger, method.Method, path, exception.Message);
            return ApiProblem.Unexpected;
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(logger, method.Method, path, exception.Message);
            return ApiProblem.Unavailable;
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return ApiProblem.Unavailable;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return ApiProblem.Unavailable;
        }
    }

    /// <summary>The anonymous cart the API made for this visitor is theirs from now on: the session keeps its id.</summary>
    private void RememberCart(HttpResponseMessage response)
    {
        if (session.UserId is null && response.Headers.TryGetValues(CartHeader, out var values) && values.FirstOrDefault() is { } id && id != session.CartId)
        {
            session.RememberCart(id);
        }
    }

    private static async Task<ApiProblem> ProblemOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        ProblemDocument? document = null;
        if (response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                document = await response.Content.ReadFromJsonAsync<ProblemDocument>(Json, ct);
            }
            catch (JsonException)
            {
                // Not a problem document after all: the status says enough.
            }
        }
        var title = document?.Title ?? status switch
        {
            HttpStatusCode.NotFound => "Not found.",
            HttpStatusCode.Unauthorized => "Please sign in.",
            HttpStatusCode.Forbidden => "This is not yours to see.",
            HttpStatusCode.TooManyRequests => "Too many requests: please wait a moment.",
            >= HttpStatusCode.InternalServerError => ApiProblem.Unavailable.Title,
            _ => "The request was not accepted.",
        };
        return new ApiProblem(status, title, document?.Detail, document?.Errors ?? new Dictionary<string, string[]>());
    }

    private sealed record ProblemDocument(string? Title, string? Detail, Dictionary<string, string[]>? Errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API did not answer {Method} {Path}: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string method, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API answered {Method} {Path} with a document of another shape: {Error}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, string error);
}
