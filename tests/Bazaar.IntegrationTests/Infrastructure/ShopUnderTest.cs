using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Xunit;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>
/// The shop a scenario talks to through its public HTTP API: the embedded shape in one process, or the distributed
/// shape with every service in a process of its own behind the gateway. Scenarios written against this run on both.
/// </summary>
public abstract class ShopUnderTest : IAsyncLifetime
{
    public const string AdminEmail = "admin@bazaar.test";
    public const string AdminPassword = "Admin-Passw0rd-For-Tests";

    /// <summary>Where the public API answers: the embedded server, or the gateway.</summary>
    public abstract Uri BaseAddress { get; }

    /// <summary>Where notification writes its e-mails as .eml files (no SMTP server in tests).</summary>
    public abstract string MailDirectory { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    public HttpClient CreateClient(string? accessToken = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return http;
    }

    public async Task<HttpClient> AdminAsync()
    {
        var tokens = await LoginAsync(AdminEmail, AdminPassword);
        return CreateClient(tokens.AccessToken);
    }

    public async Task<Tokens> LoginAsync(string emailOrUsername, string password)
    {
        using var http = CreateClient();
        var key = emailOrUsername.Contains('@', StringComparison.Ordinal) ? "email" : "username";
        var response = await http.PostAsJsonAsync("/api/users/login", new Dictionary<string, string> { [key] = emailOrUsername, ["password"] = password });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    /// <summary>Registers and logs in a new customer with a unique name.</summary>
    public async Task<Customer> NewCustomerAsync(string? name = null)
    {
        var username = (name ?? "shopper") + "-" + Guid.NewGuid().ToString("N")[..10];
        var email = $"{username}@example.com";
        const string password = "Correct-Horse-9";
        using var http = CreateClient();
        var response = await http.PostAsJsonAsync("/api/users/register", new { username, email, password, fullName = "Test Shopper" });
        await response.EnsureStatusAsync(HttpStatusCode.Created);
        var user = (await response.Content.ReadFromJsonAsync<UserView>())!;
        var tokens = await LoginAsync(username, password);
        return new Customer(user.Id, username, email, password, tokens, CreateClient(tokens.AccessToken));
    }
}

public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

public sealed record UserView(string Id, string Username, string Email, string? FullName, string Role);

public sealed record Customer(string Id, string Username, string Email, string Password, Tokens Tokens, HttpClient Http);
