using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API6 (unrestricted access to sensitive business flows): a scarce product limited per customer cannot be bought
/// up by one account, neither over several checkouts nor by many sent at once.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class BusinessFlowTests(BazaarHost host)
{
    [Fact]
    public async Task A_product_limited_to_two_per_customer_sells_each_customer_two_over_all_their_orders()
    {
        var productId = await LimitedProductAsync(limit: 2);
        var customer = await host.NewCustomerAsync("limited");

        await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        var tooMany = await customer.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 2)));
        var problem = await tooMany.ClientErrorProblemAsync();
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("limited to 2 per customer", problem.GetProperty("errors").GetProperty("items[0].quantity")[0].GetString(), StringComparison.Ordinal);

        await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 1)))).StatusCode);

        // A declined order holds nothing, so it does not count against the limit.
        var other = await host.NewCustomerAsync("limited2");
        var declined = await other.Http.CheckoutAsync("tok_chargeDeclined", TestCatalog.Items(productId, 2));
        await other.Http.WaitForOrderStatusAsync(declined, "cancelled");
        await other.Http.CheckoutAsync(items: TestCatalog.Items(productId, 2));
    }

    [Fact]
    public async Task Many_checkouts_of_a_limited_product_sent_at_once_by_one_customer_sell_no_more_than_the_limit()
    {
        var productId = await LimitedProductAsync(limit: 2);
        var customer = await host.NewCustomerAsync("burst");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            customer.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 1)))));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
    }

    private async Task<string> LimitedProductAsync(int limit)
    {
        using var admin = await host.AdminAsync();
        var body = MoreShop.ProductBody(initialStock: 100);
        body["maxPerCustomer"] = limit;
        var product = await admin.CreateProductAsync(body);
        Assert.Equal(limit, product.GetProperty("maxPerCustomer").GetInt32());
        var id = product.GetProperty("id").GetString()!;
        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/inventory/{id}")).StatusCode == HttpStatusCode.OK, "inventory to open its stock");
        return id;
    }
}
