using System.Security.Cryptography;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Identity;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.PasswordReset;

public sealed record PasswordResetRequest(string? Email);

public sealed record PasswordResetConfirmation(string? Token, string? NewPassword);

public static class PasswordResetApi
{
    public static IEndpointRouteBuilder MapPasswordResetApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/password-reset").WithTags("Password reset").AllowAnonymous();
        group.MapPost("/request", RequestAsync);
        group.MapPost("/confirm", ConfirmAsync);
        return app;
    }

    /// <summary>Answers 202 whether or not the address is known, so the endpoint cannot be used to find accounts.</summary>
    private static async Task<Results<Accepted, ValidationProblem>> RequestAsync(
        PasswordResetRequest request, IdentityDbContext db, IdentityOptions options, CancellationToken cancellationToken)
    {
        var validation = new Validation().Email(request.Email);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var email = User.Normalize(request.Email!);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email && u.DeletedAt == null, cancellationToken);
        if (user is not null)
        {
            var now = db.Time.GetUtcNow();
            var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            var expiresAt = now + options.PasswordResetTokenLifetime;
            db.PasswordResetTokens.Add(new PasswordResetToken { UserId = user.Id, TokenHash = TokenIssuer.Hash(token), CreatedAt = now, ExpiresAt = expiresAt });
            db.Publish(new PasswordResetRequested(user.Id, user.Email, user.FullName, token, expiresAt), user.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        PasswordResetConfirmation request, IdentityDbContext db, IPasswordHasher<User> hasher, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(request.Token, "token", 200);
        PasswordPolicy.Check(validation, request.NewPassword, "newPassword");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var now = db.Time.GetUtcNow();
        var hash = TokenIssuer.Hash(request.Token!);
        var token = await db.PasswordResetTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var user = token is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId && u.DeletedAt == null, cancellationToken);
        if (token is null || user is null || token.UsedAt is not null || token.ExpiresAt <= now)
        {
            return InvalidToken();
        }

        user.PasswordHash = hasher.HashPassword(user, request.NewPassword!);
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        user.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Claim the token with a conditional update: of two confirmations sent at once, one wins.
        var claimed = await db.PasswordResetTokens.Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return InvalidToken();
        }
        await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidToken() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid reset token",
            detail: "The link is invalid, used or expired. Ask for a new one.");
}
