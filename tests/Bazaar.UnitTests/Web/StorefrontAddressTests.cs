using Bazaar.Web.Account;
using Bazaar.Web.Api;
using Bazaar.Web.Storefront;
using Xunit;

namespace Bazaar.UnitTests.Web;

/// <summary>What the storefront reads from and writes into addresses: catalog links, query values, where sign-in returns to.</summary>
public sealed class StorefrontAddressTests
{
    [Fact]
    public void A_catalog_link_carries_every_choice_and_only_those()
    {
        var query = new CatalogQuery("wireless headphones", "Audio", "Sonora & Co", 50m, 100.5m, InStock: true, Sort: "-price", Page: 3);

        Assert.Equal("/catalog?q=wireless%20headphones&category=Audio&brand=Sonora%20%26%20Co&minPrice=50&maxPrice=100.5&inStock=true&sort=-price&page=3", query.ToUrl());
        Assert.Equal("/catalog", new CatalogQuery().ToUrl());
        Assert.Equal("/catalog?q=x", new CatalogQuery("x", Sort: "relevance", Page: 1).ToUrl());
    }

    [Fact]
    public void The_api_listing_asks_for_one_page_of_the_same_products()
    {
        Assert.Equal($"?category=Books&page=2&pageSize={CatalogQuery.PageSize}", new CatalogQuery(Category: "Books", Page: 2).ToQueryString());
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("abc", 1)]
    [InlineData("-4", 1)]
    [InlineData("0", 1)]
    [InlineData("99999999", QueryValues.MaxPage)]
    [InlineData(null, 1)]
    public void A_page_number_from_the_address_is_a_page_that_exists(string? value, int page) => Assert.Equal(page, QueryValues.Page(value));

    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("cheap", null)]
    [InlineData("-3", null)]
    [InlineData("1e9", null)]
    public void A_price_from_the_address_is_a_plain_amount_or_nothing(string value, double? price) =>
        Assert.Equal(price is null ? null : (decimal)price.Value, QueryValues.Price(value));

    [Theory]
    [InlineData("/checkout", "/checkout")]
    [InlineData("/orders/abc?x=1", "/orders/abc?x=1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Sign_in_returns_only_to_a_page_of_the_shop(string? returnUrl, string expected) => Assert.Equal(expected, SignIn.SafeReturnUrl(returnUrl));

    [Theory]
    [InlineData("payment_card_declined", "Your card was declined.")]
    [InlineData("payment_insufficient_funds", "The card has insufficient funds.")]
    [InlineData("payment_processing_error", "The payment did not go through.")]
    [InlineData("insufficient_stock", "An item sold out before we could reserve it.")]
    [InlineData("something_new", "This order was cancelled.")]
    public void A_cancellation_reason_is_told_in_words_with_what_to_do(string reason, string what)
    {
        var (said, next) = OrderText.Cancellation(reason);

        Assert.Equal(what, said);
        Assert.NotEmpty(next);
    }

    [Fact]
    public void An_order_number_is_the_end_of_its_id_as_the_emails_print_it() =>
        Assert.Equal("5D6771B3", OrderText.Number("01a216b1-5fc8-7167-b9b5-9efa5d6771b3"));
}
