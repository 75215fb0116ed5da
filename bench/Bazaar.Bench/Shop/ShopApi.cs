using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Bench.Reporting;

namespace Bazaar.Bench.Shop;

/// <summary>
/// The shop's public API for everything outside the timed part (signing in, creating products, reading for the
/// checker): answers the gateway throttles (429) or a service not ready yet (502, 503, 504) are waited out, anything
/// else unexpected is a <see cref="SetupException"/>.
/// </summary>
public sealed class ShopApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public HttpClient Http => http;

    /// <summary>
    /// One pooled client for the whole run. Connections are never the bottleneck: every in-flight checkout and
    /// poll may hold one, and none is opened per request.
    /// </summary>
    public static ShopApi Connect(Uri baseAddress) => new(new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 4096,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // Customers share the client: a cart cookie must not travel from one to another.
        UseCookies = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    });

    public Task<Tokens> LoginAsync(string emailOrUsername, string password, CancellationToken cancellationToken)
    {
        var key = emailOrUsername.Contains('@', StringComparison.Ordinal) ? "email" : "username";
        return SendAsync<Tokens>(HttpMethod.Post, "/api/users/login", new Dictionary<string, string> { [key] = emailOrUsername, ["password"] = password },
            null, HttpStatusCode.OK, cancellationToken);
    }

    public Task<Tokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        SendAsync<Tokens>(HttpMethod.Post, "/api/users/refresh", new { refreshToken }, null, HttpStatusCode.OK, cancellationToken);

    public Task<UserView> RegisterAsync(string username, string email, string password, CancellationToken cancellationToken) =>
        SendAsync<UserView>(HttpMethod.Post, "/api/users/register", new { username, email, password, fullName = "Bench Shopper" },
            null, HttpStatusCode.Created, cancellationToken);

    public Task<T> GetAsync<T>(string path, string? accessToken, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, accessToken, HttpStatusCode.OK, cancellationToken);

    /// <returns>null when the API answers 404.</returns>
    public async Task<T?> FindAsync<T>(string path, string? accessToken, CancellationToken cancellationToken) where T : class
    {
        using var response = await SendPatientlyAsync(HttpMethod.Get, path, null, accessToken, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await ReadAsync<T>(response, HttpMethod.Get, path, HttpStatusCode.OK, cancellationToken);
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? accessToken, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var response = await SendPatientlyAsync(method, path, body, accessToken, cancellationToken);
        return await ReadAsync<T>(response, method, path, expected, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpMethod method, string path, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new SetupException($"{method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {Shorten(text)}");
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new SetupException($"{method} {path} answered an empty body.");
    }

    private async Task<HttpResponseMessage> SendPatientlyAsync(HttpMethod method, string path, object? body, string? accessToken, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: Json);
            }
            if (accessToken is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            }

            TimeSpan wait;
            try
            {
                var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    || DateTimeOffset.UtcNow >= giveUpAt)
                {
                    return response;
                }
                wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt == 1)
                {
                    Report.Progress($"{method} {path} is rate-limited by the shop; waiting {wait.TotalSeconds:0} s (raise the gateway's limits for a faster set-up)");
                }
                response.Dispose();
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                if (DateTimeOffset.UtcNow >= giveUpAt)
                {
                    throw new SetupException($"{method} {path} failed: {ex.Message}", ex);
                }
                wait = TimeSpan.FromSeconds(1);
            }
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
