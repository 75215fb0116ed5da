using System.Security.Claims;
using Bazaar.BuildingBlocks;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Ordering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Orders;

public sealed record StatusChangeRequest(string? Status, string? Reason);

public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/user/{userId}", ListForUserAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPatch("/{id}/status", ChangeStatusAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapDelete("/{id}", CancelAsync);
        return app;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal principal, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        // Someone else's order answers as if it did not exist, so ids cannot be probed.
        return order is null || !principal.MayAccess(order.UserId) ? Problems.NotFound($"Order '{id}'") : TypedResults.Ok(OrderResponse.From(order));
    }

    private static async Task<Results<Ok<Paged<OrderResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal principal, OrderingDbContext db, string? status, string? userId, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var scope = principal.IsAdmin() ? userId : principal.UserId();
        return await QueryAsync(db, scope, status, from, to, page, pageSize, cancellationToken);
    }

    private static async Task<Results<Ok<Paged<OrderResponse>>, ValidationProblem, ProblemHttpResult>> ListForUserAsync(
        string userId, ClaimsPrincipal principal, OrderingDbContext db, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (!principal.MayAccess(userId))
        {
            return Problems.Forbidden();
        }
        return await QueryAsync(db, userId, status, null, null, page, pageSize, cancellationToken);
    }

    private static async Task<Results<Ok<Paged<OrderResponse>>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        OrderingDbContext db, string? userId, string? status, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (p, size) = Paging.Normalize(page, pageSize, validation);
        OrderStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            validation.Check(Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _), "status",
                "Must be one of: pending, processing, shipped, delivered, cancelled.");
            wanted = parsed;
        }
        validation.Check(from is null || to is null || from <= to, "to", "Must not be before 'from'.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var query = db.Orders.AsNoTracking();
        if (userId is not null)
        {
            query = query.Where(o => o.UserId == userId);
        }
        if (wanted is { } s)
        {
            query = query.Where(o => o.Status == s);
        }
        if (from is { } f)
        {
            query = query.Where(o => o.CreatedAt >= f);
        }
        if (to is { } t)
        {
            query = query.Where(o => o.CreatedAt <= t);
        }
        var total = await query.CountAsync(cancellationToken);
        var orders = await query.Include(o => o.Lines).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip((p - 1) * size).Take(size).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<OrderResponse>(orders.Select(OrderResponse.From).ToList(), p, size, total));
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string id, StatusChangeRequest request, OrderingDbContext db, BazaarMetrics metrics, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        OrderStatus target = default;
        validation.Check(request.Status is not null && Enum.TryParse(request.Status, ignoreCase: true, out target) && !int.TryParse(request.Status, out _),
            "status", "Must be one of: pending, processing, shipped, delivered, cancelled.");
        validation.Text(request.Reason, "reason", 100, required: false);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null)
        {
            return Problems.NotFound($"Order '{id}'");
        }

        var now = db.Time.GetUtcNow();
        var wasPaid = false;
        var moved = target switch
        {
            OrderStatus.Shipped => order.Ship(now),
            OrderStatus.Delivered => order.Deliver(now),
            OrderStatus.Cancelled => order.Cancel(request.Reason?.Trim() ?? "cancelled_by_admin", now, out wasPaid),
            _ => false,
        };
        if (!moved)
        {
            var allowed = Order.NextStatuses(order.Status).Select(OrderResponse.StatusName).ToList();
            return Problems.Conflict(
                $"An order that is {OrderResponse.StatusName(order.Status)} cannot become {OrderResponse.StatusName(target)}. " +
                (allowed.Count == 0 ? "It is final." : $"Allowed: {string.Join(", ", allowed)}."),
                "Illegal status change");
        }

        switch (target)
        {
            case OrderStatus.Shipped:
                db.Publish(new OrderShipped(order.Id, order.UserId, order.CustomerEmail), order.Id);
                break;
            case OrderStatus.Delivered:
                db.Publish(new OrderDelivered(order.Id, order.UserId, order.CustomerEmail), order.Id);
                break;
            default:
                db.Publish(OrderEvents.Cancelled(order, wasPaid), order.Id);
                break;
        }
        return await SaveAsync(db, order, cancellationToken);
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal principal, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !principal.MayAccess(order.UserId))
        {
            return Problems.NotFound($"Order '{id}'");
        }
        var reason = principal.UserIdOrNull() == order.UserId ? "cancelled_by_customer" : "cancelled_by_admin";
        if (!order.Cancel(reason, db.Time.GetUtcNow(), out var wasPaid))
        {
            return Problems.Conflict($"An order that is {OrderResponse.StatusName(order.Status)} can no longer be cancelled.", "Cannot cancel");
        }
        db.Publish(OrderEvents.Cancelled(order, wasPaid), order.Id);
        return await SaveAsync(db, order, cancellationToken);
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(OrderingDbContext db, Order order, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("The order changed meanwhile; read it again and retry.");
        }
        return TypedResults.Ok(OrderResponse.From(order));
    }
}
