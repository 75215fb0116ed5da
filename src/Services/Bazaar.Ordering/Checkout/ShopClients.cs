using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Ordering.Checkout;

/// <summary>Catalog's public API, the one authority on prices at checkout.</summary>
public sealed class CatalogClient(HttpClient http)
{
    public async Task<ProductDto?> GetProductAsync(string productId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/products/{Uri.EscapeDataString(productId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ProductDto>(cancellationToken);
    }
}

public sealed record CartSnapshotLine(string ProductId, int Quantity);

public sealed record CartSnapshot(IReadOnlyList<CartSnapshotLine> Items);

/// <summary>Cart's public API, called on the customer's behalf with their own token.</summary>
public sealed class CartClient(HttpClient http)
{
    public async Task<CartSnapshot> GetCartAsync(string authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<CartSnapshot>(cancellationToken) ?? new CartSnapshot([]);
    }
}
