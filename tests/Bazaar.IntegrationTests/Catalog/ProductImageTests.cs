using System.Net;
using System.Xml.Linq;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Catalog;

/// <summary>Runs on both shapes: <see cref="ProductImageTests"/> here, and again in the distributed tests.</summary>
public abstract class ProductImageScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task A_products_picture_is_served_as_an_svg_that_names_the_product()
    {
        using var http = host.CreateClient();
        var seed = DemoProducts.All[3];
        var product = await http.GetProductAsync(seed.Id);

        var response = await http.GetAsync(product.GetProperty("imageUrl").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("svg", svg.Root?.Name.LocalName);
        var text = string.Join(' ', svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.All(seed.Name.Split(' '), word => Assert.Contains(word, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000.svg")]
    [InlineData("{seed}.png")]
    [InlineData("{seed}")]
    public async Task A_picture_of_no_product_is_not_found(string file)
    {
        using var http = host.CreateClient();

        var response = await http.GetAsync($"/images/products/{file.Replace("{seed}", DemoProducts.First, StringComparison.Ordinal)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class ProductImageTests(BazaarHost host) : ProductImageScenarios(host);
