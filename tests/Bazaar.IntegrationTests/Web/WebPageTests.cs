using System.Net;
using System.Text.RegularExpressions;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Web;

/// <summary>The storefront's pages over plain HTTP: their headers, cookies and forms, where no browser is needed.</summary>
[Collection(SharedHostCollection.Name)]
public sealed partial class WebPageTests(BazaarHost host)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/catalog?q=headphones")]
    [InlineData("/account/login")]
    public async Task Pages_allow_scripts_and_styles_from_the_shop_only_and_cannot_be_framed(string path)
    {
        using var browser = new WebForms(host.BaseAddress);

        var (response, html) = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Single(response.Headers.GetValues("Referrer-Policy"));
        // Nothing is loaded from another origin (no CDN), and no script is written into the page.
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotMatch(InlineScript(), html);
    }

    [Fact]
    public async Task The_bundled_styles_and_scripts_are_served_from_the_assembly()
    {
        using var browser = new WebForms(host.BaseAddress);
        var (_, html) = await browser.GetAsync("/");

        foreach (Match asset in Asset().Matches(html))
        {
            var (response, body) = await browser.GetAsync(WebUtility.HtmlDecode(asset.Groups["url"].Value));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty(body);
        }
        Assert.Equal(3, Asset().Matches(html).Count);
    }

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Lax_cookie_that_is_Secure_outside_Development_and_no_token_reaches_the_page()
    {
        var customer = await host.NewCustomerAsync();
        using var browser = new WebForms(host.BaseAddress);

        var response = await browser.SignInAsync(customer.Email, customer.Password);

        Assert.True(response.IsRedirect(), $"{(int)response.StatusCode}");
        var cookie = browser.SetCookie("bazaar_web_session");
        Assert.NotNull(cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);

        var (account, html) = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains(customer.Email, html, StringComparison.Ordinal);
        // A JSON Web Token starts with the encoded '{"': none is ever written into a page.
        Assert.DoesNotContain("eyJ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_signs_no_one_in()
    {
        var customer = await host.NewCustomerAsync();
        using var browser = new WebForms(host.BaseAddress);

        var response = await browser.PostFormAsync("/account/login", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = customer.Email,
            ["Input.Password"] = customer.Password,
        }, withToken: false);
        var cartLine = await browser.PostFormAsync("/cart/lines", new Dictionary<string, string> { ["productId"] = DemoProducts.First, ["quantity"] = "1" }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.SetCookie("bazaar_web_session"));
        Assert.Equal(HttpStatusCode.BadRequest, cartLine.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Signing_in_never_sends_anyone_to_another_site(string returnUrl)
    {
        var customer = await host.NewCustomerAsync();
        using var browser = new WebForms(host.BaseAddress);

        var response = await browser.SignInAsync(customer.Email, customer.Password, returnUrl);

        Assert.True(response.IsRedirect());
        Assert.Equal("/", response.Target(host.BaseAddress));
    }

    [Fact]
    public async Task A_wrong_password_is_told_on_the_form_and_signs_no_one_in()
    {
        var customer = await host.NewCustomerAsync();
        using var browser = new WebForms(host.BaseAddress);

        var response = await browser.SignInAsync(customer.Email, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(browser.SetCookie("bazaar_web_session"));
    }

    [Theory]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/product/no-such-product", HttpStatusCode.NotFound)]
    [InlineData("/catalog?page=abc&minPrice=cheap&inStock=maybe", HttpStatusCode.OK)]
    [InlineData("/catalog?q=%F0%9F%98%80%00%3Cscript%3E&pageSize=1000000", HttpStatusCode.OK)]
    public async Task Odd_addresses_get_a_page_that_says_what_happened_never_an_error(string path, HttpStatusCode expected)
    {
        using var browser = new WebForms(host.BaseAddress);

        var (response, html) = await browser.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_pages_send_visitors_to_sign_in_and_refuse_customers()
    {
        var customer = await host.NewCustomerAsync();
        using var visitor = new WebForms(host.BaseAddress);
        using var browser = new WebForms(host.BaseAddress);
        await browser.SignInAsync(customer.Email, customer.Password);

        var (anonymous, _) = await visitor.GetAsync("/admin/orders");
        var (signedIn, html) = await browser.GetAsync("/admin/orders");

        Assert.True(anonymous.IsRedirect());
        Assert.StartsWith("/account/login", anonymous.Target(host.BaseAddress), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, signedIn.StatusCode);
        Assert.DoesNotContain("set-status-", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("(src|href|action)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("(?:href|src)=\"(?<url>/assets/[^\"]+)\"")]
    private static partial Regex Asset();
}
