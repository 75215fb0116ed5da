using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

public sealed record StockResponse(string ProductId, int Available, int Reserved, bool LowStock);

public sealed record SetStockRequest(int? Available);

public sealed record AdjustStockRequest(int? Delta);

public static class InventoryApi
{
    private const int MaxUnits = 1_000_000;

    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Inventory");
        group.MapGet("/inventory", ListAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/inventory/{productId}", GetAsync).AllowAnonymous();
        group.MapPut("/inventory/{productId}", SetAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapPatch("/products/{productId}/stock", AdjustAsync).RequireAuthorization(Roles.AdminPolicy);
        return app;
    }

    private static async Task<Results<Ok<Paged<StockResponse>>, ValidationProblem>> ListAsync(
        InventoryDbContext db, InventoryOptions options, bool? lowStock, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (p, size) = Paging.Normalize(page, pageSize, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var query = db.Stock.AsNoTracking();
        if (lowStock is true)
        {
            query = query.Where(s => s.Available < options.LowStockThreshold);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.Available).ThenBy(s => s.ProductId).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<StockResponse>(items.Select(s => ToResponse(s, options)).ToList(), p, size, total));
    }

    private static async Task<Results<Ok<StockResponse>, ProblemHttpResult>> GetAsync(
        string productId, InventoryDbContext db, InventoryOptions options, CancellationToken cancellationToken)
    {
        var item = await db.Stock.AsNoTracking().FirstOrDefaultAsync(s => s.ProductId == productId, cancellationToken);
        return item is null ? Problems.NotFound($"Stock of product '{productId}'") : TypedResults.Ok(ToResponse(item, options));
    }

    private static async Task<Results<Ok<StockResponse>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string productId, SetStockRequest request, InventoryDbContext db, StockLedger ledger, InventoryOptions options, CancellationToken cancellationToken)
    {
        var validation = new Validation().Check(request.Available is >= 0 and <= MaxUnits, "available", $"Must be between 0 and {MaxUnits}.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var item = await db.Stock.AsNoTracking().FirstOrDefaultAsync(s => s.ProductId == productId, cancellationToken);
        if (item is null)
        {
            return Problems.NotFound($"Stock of product '{productId}'");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ledger.TrySetAvailableAsync(productId, item.Available, request.Available!.Value, cancellationToken))
        {
            return Problems.Conflict("Stock changed while setting it; read it again and retry.");
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await CurrentAsync(db, productId, options, cancellationToken);
    }

    private static async Task<Results<Ok<StockResponse>, ValidationProblem, ProblemHttpResult>> AdjustAsync(
        string productId, AdjustStockRequest request, InventoryDbContext db, StockLedger ledger, InventoryOptions options, CancellationToken cancellationToken)
    {
        var validation = new Validation().Check(request.Delta is >= -MaxUnits and <= MaxUnits and not 0, "delta", $"Must be a non-zero number between -{MaxUnits} and {MaxUnits}.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (!await db.Stock.AnyAsync(s => s.ProductId == productId, cancellationToken))
        {
            return Problems.NotFound($"Stock of product '{productId}'");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ledger.TryMoveAsync(productId, request.Delta!.Value, 0, cancellationToken))
        {
            return Problems.Conflict("Not enough available units to remove that many.", "Insufficient stock");
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await CurrentAsync(db, productId, options, cancellationToken);
    }

    private static async Task<Results<Ok<StockResponse>, ValidationProblem, ProblemHttpResult>> CurrentAsync(
        InventoryDbContext db, string productId, InventoryOptions options, CancellationToken cancellationToken)
    {
        var item = await db.Stock.AsNoTracking().FirstAsync(s => s.ProductId == productId, cancellationToken);
        return TypedResults.Ok(ToResponse(item, options));
    }

    private static StockResponse ToResponse(StockItem item, InventoryOptions options) =>
        new(item.ProductId, item.Available, item.Reserved, item.Available < options.LowStockThreshold);
}
