using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Cart.Carts;

public sealed record AddItemRequest(string? ProductId, int? Quantity);

public sealed record SetQuantityRequest(int? Quantity);

/// <summary>The caller's own cart: signed in or anonymous alike.</summary>
public static class CartApi
{
    public static IEndpointRouteBuilder MapCartApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cart").WithTags("Cart").AllowAnonymous();
        group.MapGet("/", GetAsync);
        group.MapPost("/items", AddAsync);
        group.MapPut("/items/{productId}", SetQuantityAsync);
        group.MapDelete("/items/{productId}", RemoveAsync);
        group.MapDelete("/", ClearAsync);
        return app;
    }

    private static async Task<Ok<CartResponse>> GetAsync(HttpContext http, CartLocator carts, CartStore store, CartDbContext db, CartOptions settings, CancellationToken cancellationToken)
    {
        // Reading can merge an anonymous cart into the user's, which is a write like any other.
        return await store.RetryOnConflictAsync(async () =>
        {
            var cart = await carts.FindAsync(http, create: false, cancellationToken);
            return TypedResults.Ok(await CartResponse.BuildAsync(db, cart, settings.Currency, cancellationToken));
        });
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem>> AddAsync(
        AddItemRequest request, HttpContext http, CartLocator carts, CartStore store, CartDbContext db, CartOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(request.ProductId, "productId", 36);
        validation.Check(request.Quantity is >= 1 and <= ShoppingCart.MaxQuantity, "quantity", $"Must be between 1 and {ShoppingCart.MaxQuantity}.");
        if (validation.IsValid && !await db.Products.AnyAsync(p => p.ProductId == request.ProductId && !p.Deleted, cancellationToken))
        {
            validation.Add("productId", "No such product.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        return await store.RetryOnConflictAsync<Results<Ok<CartResponse>, ValidationProblem>>(async () =>
        {
            var cart = (await carts.FindAsync(http, create: true, cancellationToken))!;
            var item = cart.Items.FirstOrDefault(i => i.ProductId == request.ProductId);
            var quantity = request.Quantity!.Value + (item?.Quantity ?? 0);
            var limits = new Validation()
                .Check(quantity <= ShoppingCart.MaxQuantity, "quantity", $"The cart would hold {quantity}; at most {ShoppingCart.MaxQuantity} of one product.")
                .Check(item is not null || cart.Items.Count < ShoppingCart.MaxLines, "productId", $"A cart holds at most {ShoppingCart.MaxLines} products.");
            if (!limits.IsValid)
            {
                return limits.Problem();
            }

            cart.AddCapped(request.ProductId!, request.Quantity.Value, time.GetUtcNow());
            await store.SaveAsync(cart, mergedAway: null, cancellationToken);
            return TypedResults.Ok(await CartResponse.BuildAsync(db, cart, settings.Currency, cancellationToken));
        });
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> SetQuantityAsync(
        string productId, SetQuantityRequest request, HttpContext http, CartLocator carts, CartStore store, CartDbContext db, CartOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation().Check(request.Quantity is >= 1 and <= ShoppingCart.MaxQuantity, "quantity", $"Must be between 1 and {ShoppingCart.MaxQuantity}.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return await store.RetryOnConflictAsync<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>>(async () =>
        {
            var cart = await carts.FindAsync(http, create: false, cancellationToken);
            var item = cart?.Items.FirstOrDefault(i => i.ProductId == productId);
            if (cart is null || item is null)
            {
                return Problems.NotFound($"Product '{productId}' in the cart");
            }
            item.Quantity = request.Quantity!.Value;
            cart.Touch(time.GetUtcNow());
            await store.SaveAsync(cart, mergedAway: null, cancellationToken);
            return TypedResults.Ok(await CartResponse.BuildAsync(db, cart, settings.Currency, cancellationToken));
        });
    }

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> RemoveAsync(
        string productId, HttpContext http, CartLocator carts, CartStore store, CartDbContext db, CartOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        return await store.RetryOnConflictAsync<Results<Ok<CartResponse>, ProblemHttpResult>>(async () =>
        {
            var cart = await carts.FindAsync(http, create: false, cancellationToken);
            var item = cart?.Items.FirstOrDefault(i => i.ProductId == productId);
            if (cart is null || item is null)
            {
                return Problems.NotFound($"Product '{productId}' in the cart");
            }
            cart.Items.Remove(item);
            cart.Touch(time.GetUtcNow());
            await store.SaveAsync(cart, mergedAway: null, cancellationToken);
            return TypedResults.Ok(await CartResponse.BuildAsync(db, cart, settings.Currency, cancellationToken));
        });
    }

    private static async Task<NoContent> ClearAsync(HttpContext http, CartLocator carts, CartStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        return await store.RetryOnConflictAsync(async () =>
        {
            var cart = await carts.FindAsync(http, create: false, cancellationToken);
            if (cart is not null)
            {
                cart.Items.Clear();
                cart.Touch(time.GetUtcNow());
                await store.SaveAsync(cart, mergedAway: null, cancellationToken);
            }
            return TypedResults.NoContent();
        });
    }
}
