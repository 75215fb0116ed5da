using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Web;

public sealed class SessionRenewalTests
{
    [Fact]
    public async Task A_signed_in_visitor_stays_signed_in_past_their_first_access_token_because_the_storefront_renews_it()
    {
        // Tokens that live 3 s, renewed when less than 2.5 s remain: every page after the first half second renews.
        var shop = BazaarHost.With(new()
        {
            ["Bazaar:Auth:AccessTokenLifetime"] = "00:00:03",
            ["Bazaar:Web:TokenRenewalMargin"] = "00:00:02.500",
        });
        await shop.InitializeAsync();
        try
        {
            var customer = await shop.NewCustomerAsync();
            using var browser = new WebForms(shop.BaseAddress);
            await browser.SignInAsync(customer.Email, customer.Password);
            var cookiesAfterSignIn = browser.SetCookies.Count;

            await Task.Delay(TimeSpan.FromSeconds(1));
            var (renewed, _) = await browser.GetAsync("/account");
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (later, html) = await browser.GetAsync("/account");

            Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
            Assert.True(browser.SetCookies.Skip(cookiesAfterSignIn).Any(c => c.StartsWith("bazaar_web_session=", StringComparison.Ordinal)), "the session cookie was not rewritten");
            // The first token has run out by now; the profile still loads with the renewed one.
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
            Assert.Contains(customer.Email, html, StringComparison.Ordinal);
        }
        finally
        {
            await shop.DisposeAsync();
        }
    }
}
