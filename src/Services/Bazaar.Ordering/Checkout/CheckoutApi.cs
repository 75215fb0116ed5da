using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Bazaar.BuildingBlocks;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Ordering;
using Bazaar.Ordering.Orders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Checkout;

/// <summary>
/// Checkout: turns the cart (or an explicit list) into a pending order priced by catalog, once per
/// <c>Idempotency-Key</c>. The order, its idempotency record and the <c>OrderPlaced</c> event are one transaction.
/// </summary>
public static class CheckoutApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapCheckoutApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orders", CheckoutAsync).WithTags("Orders").RequireAuthorization();
        return app;
    }

    private static async Task<Results<Accepted<OrderResponse>, ValidationProblem, ProblemHttpResult>> CheckoutAsync(
        CheckoutRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal principal,
        HttpContext http,
        OrderingDbContext db,
        CatalogClient catalog,
        CartClient carts,
        OrderingOptions options,
        BazaarMetrics metrics,
        CancellationToken cancellationToken)
    {
        var validation = CheckoutRules.Validate(request, idempotencyKey, options.MaxLines);
        var userId = principal.UserId();
        var requestHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json)));
        if (idempotencyKey is not null && await ReplayAsync(db, userId, idempotencyKey, requestHash, cancellationToken) is { } replay)
        {
            return replay;
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var fromCart = request.Items is null;
        IReadOnlyList<CartSnapshotLine> wanted;
        try
        {
            wanted = fromCart
                ? (await carts.GetCartAsync(http.Request.Headers.Authorization.ToString(), cancellationToken)).Items
                : request.Items!.Select(i => new CartSnapshotLine(i.ProductId!.Trim(), i.Quantity!.Value)).ToList();
        }
        catch (HttpRequestException)
        {
            return Problems.Unavailable("The cart could not be read; try again shortly.");
        }
        if (wanted.Count == 0)
        {
            return Problems.Unprocessable("The cart is empty.", "Nothing to check out");
        }

        var lines = new List<Orders.OrderLine>();
        var limits = new Dictionary<string, (int Limit, string Field)>();
        var currency = "";
        foreach (var (item, index) in wanted.GroupBy(w => w.ProductId).Select((g, i) => (new CartSnapshotLine(g.Key, g.Sum(x => x.Quantity)), i)))
        {
            Contracts.Catalog.ProductDto? product;
            try
            {
                product = await catalog.GetProductAsync(item.ProductId, cancellationToken);
            }
            catch (HttpRequestException)
            {
                return Problems.Unavailable("Prices could not be read from the catalog; try again shortly.");
            }
            if (product is null)
            {
                validation.Add(fromCart ? "cart" : $"items[{index}].productId", $"Product '{item.ProductId}' does not exist.");
                continue;
            }
            validation.Check(item.Quantity <= CheckoutRules.MaxQuantity, $"items[{index}].quantity", $"At most {CheckoutRules.MaxQuantity} of one product.");
            validation.Check(currency == "" || currency == product.Price.Currency, $"items[{index}].productId", "All products of an order must share a currency.");
            currency = product.Price.Currency;
            if (product.MaxPerCustomer is { } limit)
            {
                limits[product.Id] = (limit, fromCart ? "cart" : $"items[{index}].quantity");
            }
            lines.Add(new Orders.OrderLine { ProductId = product.Id, Name = product.Name, UnitPrice = product.Price.Amount, Quantity = item.Quantity });
        }
        await using var limitedCheckout = limits.Count > 0 ? await CustomerLimits.BeginAsync(db, userId, cancellationToken) : null;
        if (limitedCheckout is not null)
        {
            var bought = await CustomerLimits.BoughtAsync(db, userId, limits.Keys, cancellationToken);
            foreach (var line in lines.Where(l => limits.ContainsKey(l.ProductId)))
            {
                var (limit, field) = limits[line.ProductId];
                var already = bought.GetValueOrDefault(line.ProductId);
                validation.Check(already + line.Quantity <= limit, field,
                    $"{line.Name} is limited to {limit} per customer" + (already > 0 ? $", and your earlier orders hold {already}." : "."));
            }
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var now = db.Time.GetUtcNow();
        var a = request.ShippingAddress!;
        var order = new Order
        {
            UserId = userId,
            CustomerEmail = principal.Email(),
            Lines = lines,
            Total = lines.Sum(l => l.UnitPrice * l.Quantity),
            Currency = currency,
            ShippingAddress = new Address(a.Name!.Trim(), a.Line1!.Trim(), a.City!.Trim(), a.PostalCode!.Trim(), a.Country!, a.Region?.Trim()),
            FromCart = fromCart,
            CreatedAt = now,
            UpdatedAt = now,
            DeadlineAt = now + options.StockReplyTimeout,
        };
        var response = OrderResponse.From(order);
        db.Orders.Add(order);
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            UserId = userId,
            Key = idempotencyKey!,
            RequestHash = requestHash,
            OrderId = order.Id,
            ResponseJson = JsonSerializer.Serialize(response, Json),
            CreatedAt = now,
        });
        db.Publish(new OrderPlaced(
            order.Id, userId, order.CustomerEmail, OrderEvents.Lines(order), order.Total, order.Currency, request.PaymentMethod!.Token!,
            new ShippingAddress(a.Name!, a.Line1!, a.City!, a.PostalCode!, a.Country!, a.Region), fromCart, now), order.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (limitedCheckout is not null)
            {
                await limitedCheckout.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException)
        {
            if (limitedCheckout is not null)
            {
                await limitedCheckout.RollbackAsync(cancellationToken);
            }
            // A concurrent request with the same key won the insert: answer as it did.
            db.ChangeTracker.Clear();
            return await ReplayAsync(db, userId, idempotencyKey!, requestHash, cancellationToken)
                ?? Problems.Conflict("A request with this Idempotency-Key is being processed; retry.");
        }

        metrics.OrdersPlaced.Add(1);
        return TypedResults.Accepted($"/api/orders/{order.Id}", response);
    }

    private static async Task<Results<Accepted<OrderResponse>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        OrderingDbContext db, string userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
        if (record is null)
        {
            return null;
        }
        if (record.RequestHash != requestHash)
        {
            return Problems.Unprocessable("This Idempotency-Key was already used with a different request. Use a new key for a new checkout.", "Idempotency-Key reused");
        }
        return TypedResults.Accepted($"/api/orders/{record.OrderId}", JsonSerializer.Deserialize<OrderResponse>(record.ResponseJson, Json)!);
    }
}
