using System.Net;
using System.Net.Http.Json;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Web;
using Xunit;

namespace Bazaar.DistributedTests.Web;

/// <summary>The storefront in a process of its own, as it is deployed: it knows only the gateway's address.</summary>
[Collection(DistributedShopCollection.Name)]
public sealed class StorefrontThroughGatewayTests(DistributedShop shop)
{
    [Fact]
    public async Task A_shopper_browses_signs_in_and_fills_a_cart_through_the_web_process()
    {
        await using var web = await shop.StartWebAsync();
        var customer = await shop.NewCustomerAsync();
        var product = DemoProducts.Plentiful(9);
        using var browser = new WebForms(web.Url);

        var (home, homeHtml) = await browser.GetAsync("/");
        var (catalog, catalogHtml) = await browser.GetAsync("/catalog?q=headphnoes");
        var signIn = await browser.SignInAsync(customer.Email, customer.Password);
        var add = await browser.PostFormAsync($"/product/{product.Id}", new Dictionary<string, string>
        {
            ["_handler"] = "add-to-cart",
            ["Input.Quantity"] = "2",
        });
        var (_, cartHtml) = await browser.GetAsync("/cart");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Featured products", homeHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.Contains("Headphones", catalogHtml, StringComparison.Ordinal);
        Assert.True(signIn.IsRedirect(), $"sign-in answered {(int)signIn.StatusCode}");
        Assert.True(add.IsRedirect(), $"add to cart answered {(int)add.StatusCode}");
        Assert.Contains(WebUtility.HtmlEncode(product.Name), cartHtml, StringComparison.Ordinal);
        // The cart is the customer's own in the cart service, seen through the API as well.
        var cart = await customer.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/cart");
        Assert.Equal(2, cart.GetProperty("totalQuantity").GetInt32());
    }
}
