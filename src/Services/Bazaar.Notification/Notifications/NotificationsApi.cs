using System.Security.Claims;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notification.Notifications;

/// <summary>The delivery log as clients see it: never the body, which may hold a reset token.</summary>
public sealed record NotificationResponse(
    string Id, string? UserId, string Template, string Channel, string Recipient, string Subject, NotificationStatus Status,
    int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt)
{
    public static NotificationResponse From(Notification n) =>
        new(n.Id, n.UserId, n.Template, n.Channel, n.Recipient, n.Subject, n.Status, n.Attempts, n.LastError, n.CreatedAt, n.SentAt);
}

public sealed record SendRequest(string? UserId, string? To, string? Subject, string? Body);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapPost("/send", SendAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapPost("/{id}/retry", RetryAsync).RequireAuthorization(Roles.AdminPolicy);
        return app;
    }

    private static async Task<Results<Ok<Paged<NotificationResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal principal, NotificationDbContext db, string? status, string? userId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (p, size) = Paging.Normalize(page, pageSize, validation);
        NotificationStatus parsed = default;
        validation.Check(string.IsNullOrEmpty(status) || (Enum.TryParse(status, true, out parsed) && !int.TryParse(status, out _)), "status", "Must be one of: pending, sending, sent, failed.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var query = db.Notifications.AsNoTracking();
        var owner = principal.IsAdmin() ? userId : principal.UserId();
        if (owner is not null)
        {
            query = query.Where(n => n.UserId == owner);
        }
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(n => n.Status == parsed);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<NotificationResponse>(items.Select(NotificationResponse.From).ToList(), p, size, total));
    }

    private static async Task<Results<Accepted<NotificationResponse>, ValidationProblem>> SendAsync(
        SendRequest request, NotificationDbContext db, NotificationWriter writer, CancellationToken cancellationToken)
    {
        var validation = new Validation().Email(request.To, "to");
        validation.Text(request.UserId, "userId", 36, required: false);
        validation.Text(request.Subject, "subject", 200);
        validation.Text(request.Body, "body", 10_000, multiline: true);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        await writer.QueueAsync("custom", request.UserId, request.To!.Trim(), new { subject = request.Subject, body = request.Body }, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var queued = db.ChangeTracker.Entries<Notification>().Single().Entity;
        return TypedResults.Accepted((string?)null, NotificationResponse.From(queued));
    }

    private static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> RetryAsync(
        string id, NotificationDbContext db, NotificationSignal signal, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null)
        {
            return Problems.NotFound($"Notification '{id}'");
        }
        if (notification.Status != NotificationStatus.Failed)
        {
            return Problems.Conflict($"Only failed notifications can be retried; this one is {notification.Status}.");
        }
        notification.Status = NotificationStatus.Pending;
        notification.NextAttemptAt = db.Time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Ok(NotificationResponse.From(notification));
    }
}
