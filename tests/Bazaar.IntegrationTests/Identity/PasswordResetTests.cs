using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

public abstract partial class PasswordResetScenarios(ShopUnderTest host)
{
    private const string NewPassword = "Brand-New-Secret-7";

    [Fact]
    public async Task Asking_for_a_reset_answers_alike_for_known_and_unknown_addresses_and_mails_only_the_known()
    {
        var customer = await host.NewCustomerAsync("forgetful");
        var stranger = MoreShop.UniqueWord("stranger") + "@example.com";
        using var http = host.CreateClient();

        var unknown = await http.PostAsJsonAsync("/api/users/password-reset/request", new { email = stranger });
        var known = await http.PostAsJsonAsync("/api/users/password-reset/request", new { email = customer.Email });

        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
        var mail = await host.WaitForMailAsync(customer.Email, "password-reset");
        Assert.Matches(CodeElement(), mail.HtmlBody ?? "");
        Assert.Empty(host.Mails(stranger));
        await (await http.PostAsJsonAsync("/api/users/password-reset/request", new { email = "not-an-address" })).ValidationProblemAsync("email");
    }

    [Fact]
    public async Task A_mailed_reset_token_sets_a_new_password_once()
    {
        var customer = await host.NewCustomerAsync("resetter");
        var token = await RequestTokenAsync(customer.Email);
        using var http = host.CreateClient();

        var confirmed = await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        await (await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = customer.Password })).ProblemAsync(HttpStatusCode.Unauthorized);
        await host.LoginAsync(customer.Username, NewPassword);
        // Sessions from before the reset end with it.
        await (await http.PostAsJsonAsync("/api/users/refresh", new { refreshToken = customer.Tokens.RefreshToken })).ProblemAsync(HttpStatusCode.Unauthorized);

        var reused = await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = "Another-Secret-8" });
        await reused.ProblemAsync(HttpStatusCode.BadRequest);
        await (await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = "Another-Secret-8" })).ProblemAsync(HttpStatusCode.Unauthorized);
        await host.LoginAsync(customer.Email, NewPassword);
    }

    [Fact]
    public async Task A_reset_token_presented_twice_at_once_sets_only_one_password()
    {
        var customer = await host.NewCustomerAsync("doubleuse");
        var token = await RequestTokenAsync(customer.Email);
        using var http = host.CreateClient();

        var answers = await Task.WhenAll(
            http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = "First-Secret-1" }),
            http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = "Second-Secret-2" }));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest], answers.Select(a => a.StatusCode).Order());
        var winner = answers[0].StatusCode == HttpStatusCode.NoContent ? "First-Secret-1" : "Second-Secret-2";
        await host.LoginAsync(customer.Username, winner);
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_and_the_token_stays_usable()
    {
        var customer = await host.NewCustomerAsync("weakreset");
        var token = await RequestTokenAsync(customer.Email);
        using var http = host.CreateClient();

        var weak = await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = "short1" });

        await weak.ValidationProblemAsync("newPassword");
        await host.LoginAsync(customer.Username, customer.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = NewPassword })).StatusCode);
        await host.LoginAsync(customer.Username, NewPassword);
    }

    [Fact]
    public async Task A_made_up_reset_token_is_refused()
    {
        using var http = host.CreateClient();

        var response = await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token = "bm90LWEtcmVhbC1yZXNldC10b2tlbi1hdC1hbGwtZXZlcg", newPassword = NewPassword });

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    private Task<string> RequestTokenAsync(string email) => RequestTokenAsync(host, email);

    internal static async Task<string> RequestTokenAsync(ShopUnderTest target, string email)
    {
        using var http = target.CreateClient();
        var response = await http.PostAsJsonAsync("/api/users/password-reset/request", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = await target.WaitForMailAsync(email, "password-reset");
        var match = CodeElement().Match(mail.HtmlBody ?? "");
        Assert.True(match.Success, $"The reset e-mail carries no <code> token: {mail.HtmlBody}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<code>([^<]+)</code>")]
    internal static partial Regex CodeElement();
}

[Collection(SharedHostCollection.Name)]
public sealed class PasswordResetTests(BazaarHost host) : PasswordResetScenarios(host);

/// <summary>A host of its own, where reset tokens live one second.</summary>
public sealed class PasswordResetExpiryTests
{
    private const string NewPassword = "Brand-New-Secret-7";

    [Fact]
    public async Task An_expired_reset_token_is_refused_and_the_old_password_stays()
    {
        var shortLived = BazaarHost.With(new()
        {
            ["Bazaar:Services"] = "identity,notification",
            ["Bazaar:Identity:PasswordResetTokenLifetime"] = "00:00:01",
        });
        await shortLived.InitializeAsync();
        try
        {
            var customer = await shortLived.NewCustomerAsync("slow");
            var token = await PasswordResetScenarios.RequestTokenAsync(shortLived, customer.Email);

            // Outlive the one-second token (the wait sets up the case; it asserts nothing about speed).
            await Task.Delay(TimeSpan.FromSeconds(2));
            using var http = shortLived.CreateClient();
            var response = await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token, newPassword = NewPassword });

            await response.ProblemAsync(HttpStatusCode.BadRequest);
            await shortLived.LoginAsync(customer.Username, customer.Password);
            await (await shortLived.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = NewPassword })).ProblemAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await shortLived.DisposeAsync();
        }
    }
}
