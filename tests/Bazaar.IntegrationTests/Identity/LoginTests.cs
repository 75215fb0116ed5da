using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

/// <summary>Runs on both shapes: <see cref="LoginTests"/> here, and again in the distributed tests.</summary>
public abstract class LoginScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task A_customer_logs_in_by_username_and_by_email_and_both_tokens_name_them()
    {
        var customer = await host.NewCustomerAsync("login");

        var byUsername = await host.LoginAsync(customer.Username, customer.Password);
        var byEmail = await host.LoginAsync(customer.Email.ToUpperInvariant(), customer.Password);

        foreach (var tokens in new[] { byUsername, byEmail })
        {
            Assert.Equal("Bearer", tokens.TokenType);
            Assert.True(tokens.ExpiresIn > 0);
            Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
            using var http = host.CreateClient(tokens.AccessToken);
            var me = await (await http.GetAsync("/api/users/me")).JsonAsync();
            Assert.Equal(customer.Id, me.GetProperty("id").GetString());
        }
        Assert.NotEqual(byUsername.RefreshToken, byEmail.RefreshToken);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_401_and_no_tokens()
    {
        var customer = await host.NewCustomerAsync("wrongpw");

        var response = await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = "Wrong-Horse-9" });

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(problem.TryGetProperty("accessToken", out _));
        Assert.False(problem.TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task An_unknown_account_is_refused_like_a_wrong_password()
    {
        var response = await host.PostLoginAsync(new() { ["email"] = MoreShop.UniqueWord("nobody") + "@example.com", ["password"] = "Correct-Horse-9" });

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_login_without_username_or_email_is_a_validation_problem()
    {
        var response = await host.PostLoginAsync(new() { ["password"] = "Correct-Horse-9" });

        await response.ValidationProblemAsync("username");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        var customer = await host.NewCustomerAsync("locked");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = $"Wrong-Horse-{attempt}" });
            await wrong.ProblemAsync(HttpStatusCode.Unauthorized);
        }

        var right = await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = customer.Password });
        await right.ProblemAsync(HttpStatusCode.Locked);
        var byEmail = await host.PostLoginAsync(new() { ["email"] = customer.Email, ["password"] = customer.Password });
        await byEmail.ProblemAsync(HttpStatusCode.Locked);
        // The lock is the account's, not everyone's.
        var other = await host.NewCustomerAsync("unlocked");
        await host.LoginAsync(other.Username, other.Password);
    }

    [Fact]
    public async Task Wrong_passwords_sent_all_at_once_still_lock_the_account()
    {
        var customer = await host.NewCustomerAsync("burst");

        var attempts = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = $"Wrong-Horse-{i}" })));

        Assert.All(attempts.Select(a => (int)a.StatusCode), status => Assert.Contains(status, new[] { 401, 423 }));
        var right = await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = customer.Password });
        await right.ProblemAsync(HttpStatusCode.Locked);
    }

    [Fact]
    public async Task A_successful_login_forgives_earlier_failures()
    {
        var customer = await host.NewCustomerAsync("forgiven");

        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                var wrong = await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = $"Wrong-Horse-{attempt}" });
                await wrong.ProblemAsync(HttpStatusCode.Unauthorized);
            }
            await host.LoginAsync(customer.Username, customer.Password);
        }
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class LoginTests(BazaarHost host) : LoginScenarios(host);
