using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

/// <summary>Runs on both shapes: <see cref="RegistrationTests"/> here, and again in the distributed tests.</summary>
public abstract class RegistrationScenarios(ShopUnderTest host)
{
    private const string GoodPassword = "Correct-Horse-9";

    [Fact]
    public async Task A_new_customer_registers_and_logs_in_with_the_password_they_chose()
    {
        var username = MoreShop.UniqueWord("newbie");
        var email = $"{username}@example.com";
        using var http = host.CreateClient();

        var response = await http.PostAsJsonAsync("/api/users/register", new
        {
            username,
            email,
            password = GoodPassword,
            fullName = "Grace Hopper",
            phone = "+1 555 0100",
            address = new { line1 = "1 Navy Yard", city = "Arlington" },
        });

        var user = await response.JsonAsync(HttpStatusCode.Created);
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal($"/api/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(username, user.GetProperty("username").GetString());
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", user.GetProperty("fullName").GetString());
        Assert.Equal("Arlington", user.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("customer", user.GetProperty("role").GetString());
        Assert.False(user.TryGetProperty("password", out _));
        Assert.False(user.TryGetProperty("passwordHash", out _));

        var tokens = await host.LoginAsync(username, GoodPassword);
        using var signedIn = host.CreateClient(tokens.AccessToken);
        var me = await (await signedIn.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal(id, me.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Registering_a_taken_username_or_email_is_a_conflict_and_creates_nobody()
    {
        var existing = await host.NewCustomerAsync("taken");
        var otherName = MoreShop.UniqueWord("other");
        using var http = host.CreateClient();

        // Names and addresses are compared without regard to case.
        var sameUsername = await http.PostAsJsonAsync("/api/users/register",
            new { username = existing.Username.ToUpperInvariant(), email = $"{otherName}@example.com", password = GoodPassword });
        await sameUsername.ProblemAsync(HttpStatusCode.Conflict);
        var sameEmail = await http.PostAsJsonAsync("/api/users/register",
            new { username = otherName, email = existing.Email.ToUpperInvariant(), password = GoodPassword });
        await sameEmail.ProblemAsync(HttpStatusCode.Conflict);

        await AssertFreeAsync(otherName, $"{otherName}@example.com");
        // The original account keeps its password.
        await host.LoginAsync(existing.Email, existing.Password);
    }

    [Theory]
    [InlineData("Sh0rt-1")]
    [InlineData("only-letters-here")]
    [InlineData("1234567890123")]
    [InlineData("Password123")]
    [InlineData("{username}-Xy9")]
    [InlineData("{long}")]
    public async Task A_password_that_breaks_the_policy_is_refused_and_creates_nobody(string password)
    {
        var username = MoreShop.UniqueWord("weak");
        password = password.Replace("{username}", username, StringComparison.Ordinal).Replace("{long}", new string('a', 128) + "1", StringComparison.Ordinal);
        using var http = host.CreateClient();

        var response = await http.PostAsJsonAsync("/api/users/register", new { username, email = $"{username}@example.com", password });

        await response.ValidationProblemAsync("password");
        await AssertFreeAsync(username, $"{username}@example.com");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("no-dot@localhost")]
    [InlineData("two@@example.com")]
    [InlineData("with space@example.com")]
    [InlineData("Name <someone@example.com>")]
    [InlineData("")]
    public async Task An_invalid_email_address_is_refused_and_creates_nobody(string email)
    {
        var username = MoreShop.UniqueWord("mail");
        using var http = host.CreateClient();

        var response = await http.PostAsJsonAsync("/api/users/register", new { username, email, password = GoodPassword });

        await response.ValidationProblemAsync("email");
        await AssertFreeAsync(username, $"{username}@example.com");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("at@sign")]
    [InlineData("ünïcode")]
    [InlineData("a-name-that-is-far-too-long-for-us")]
    public async Task A_username_outside_the_pattern_is_refused_and_creates_nobody(string username)
    {
        var email = MoreShop.UniqueWord("pattern") + "@example.com";
        using var http = host.CreateClient();

        var response = await http.PostAsJsonAsync("/api/users/register", new { username, email, password = GoodPassword });

        await response.ValidationProblemAsync("username");
        await AssertFreeAsync(MoreShop.UniqueWord("valid"), email);
    }

    /// <summary>Nobody holds the username or the address: registering them now succeeds.</summary>
    private async Task AssertFreeAsync(string username, string email)
    {
        using var http = host.CreateClient();
        var response = await http.PostAsJsonAsync("/api/users/register", new { username, email, password = GoodPassword });
        await response.EnsureStatusAsync(HttpStatusCode.Created);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class RegistrationTests(BazaarHost host) : RegistrationScenarios(host);
