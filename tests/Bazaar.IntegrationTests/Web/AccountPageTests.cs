using System.Net;
using System.Text.RegularExpressions;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Web;

/// <summary>The account pages' forms, posted as a browser would.</summary>
[Collection(SharedHostCollection.Name)]
public sealed partial class AccountPageTests(BazaarHost host)
{
    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_link_in_the_e_mail_and_the_new_one_signs_in()
    {
        var customer = await host.NewCustomerAsync("forgetful-web");
        using var browser = new WebForms(host.BaseAddress);

        var requested = await browser.PostFormAsync("/account/forgot-password", new Dictionary<string, string>
        {
            ["_handler"] = "forgot-password",
            ["Input.Email"] = customer.Email,
        });
        var mail = await host.WaitForMailAsync(customer.Email, "password-reset");
        var link = ResetLink().Match(mail.HtmlBody ?? "");
        Assert.True(link.Success, "the e-mail links to the storefront's reset page");
        var page = WebUtility.HtmlDecode(link.Groups["path"].Value);
        var reset = await browser.PostFormAsync(page, new Dictionary<string, string>
        {
            ["_handler"] = "reset-password",
            ["Input.Token"] = Uri.UnescapeDataString(link.Groups["token"].Value),
            ["Input.NewPassword"] = "Brand-New-Secret-7",
        });

        Assert.Equal("/account/forgot-password?sent=true", requested.Target(host.BaseAddress));
        Assert.Equal("/account/reset-password?done=true", reset.Target(host.BaseAddress));
        using var again = new WebForms(host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await again.SignInAsync(customer.Email, customer.Password)).StatusCode);
        Assert.True((await again.SignInAsync(customer.Email, "Brand-New-Secret-7")).IsRedirect());
    }

    [Fact]
    public async Task A_customer_cancels_their_paid_order_from_its_page()
    {
        var customer = await host.NewCustomerAsync("changed-mind");
        await customer.Http.AddToCartAsync(DemoProducts.Plentiful(11).Id, 1);
        var orderId = await customer.Http.CheckoutAsync();
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        using var browser = new WebForms(host.BaseAddress);
        await browser.SignInAsync(customer.Email, customer.Password);

        var cancel = await browser.PostFormAsync($"/orders/{orderId}", new Dictionary<string, string> { ["_handler"] = "cancel-order" });
        var (_, html) = await browser.GetAsync($"/orders/{orderId}");

        Assert.Equal($"/orders/{orderId}", cancel.Target(host.BaseAddress));
        Assert.Contains("You cancelled this order.", html, StringComparison.Ordinal);
        var order = await customer.Http.GetOrderAsync(orderId);
        Assert.Equal("cancelled", order.GetProperty("status").GetString());
        Assert.DoesNotContain("cancel-my-order", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"[^\"]*(?<path>/account/reset-password\\?token=(?<token>[^\"&<]+))\"")]
    private static partial Regex ResetLink();
}
