using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Identity.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Sessions;

public sealed record LoginRequest(string? Username, string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Sessions").AllowAnonymous();
        group.MapPost("/login", LoginAsync);
        group.MapPost("/refresh", RefreshAsync);
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, IdentityDbContext db, IPasswordHasher<User> hasher, TokenIssuer issuer, IdentityOptions options,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.Check(!string.IsNullOrWhiteSpace(request.Username) || !string.IsNullOrWhiteSpace(request.Email), "username", "Give a username or an e-mail.");
        validation.Text(request.Username, "username", 254, required: false);
        validation.Text(request.Email, "email", 254, required: false);
        validation.Text(request.Password, "password", PasswordPolicy.MaxLength);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var login = User.Normalize(request.Username ?? request.Email!);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == login || u.NormalizedEmail == login, cancellationToken);
        var now = db.Time.GetUtcNow();
        if (user is null || user.DeletedAt is not null)
        {
            // Hash anyway so an unknown account answers as slowly as a wrong password.
            hasher.HashPassword(new User { Username = "", NormalizedUsername = "", Email = "", NormalizedEmail = "", PasswordHash = "" }, request.Password!);
            return InvalidCredentials();
        }
        if (user.LockedUntil > now)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "Account locked",
                detail: "Too many failed logins. Try again later or reset your password.");
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(db, user.Id, options, now, cancellationToken);
            return InvalidCredentials();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password!);
        }
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        var tokens = issuer.Issue(user, Guid.NewGuid().ToString("N"), db);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(tokens);
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, IdentityDbContext db, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(request.RefreshToken, "refreshToken", 200);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var hash = TokenIssuer.Hash(request.RefreshToken!);
        var token = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var now = db.Time.GetUtcNow();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return InvalidRefreshToken();
        }

        // Claim the token with a conditional update so two racing refreshes cannot both rotate it.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await db.RefreshTokens
                .Where(t => t.FamilyId == token.FamilyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
            return InvalidRefreshToken();
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId && u.DeletedAt == null, cancellationToken);
        if (user is null)
        {
            return InvalidRefreshToken();
        }
        var tokens = issuer.Issue(user, token.FamilyId, db);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(tokens);
    }

    /// <summary>
    /// Counts a failed login in the database itself, so failures sent all at once cannot overwrite each
    /// other's count and slip past the lockout.
    /// </summary>
    private static async Task CountFailureAsync(IdentityDbContext db, string userId, IdentityOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1), cancellationToken);
        var lockedUntil = now + options.LockoutDuration;
        await db.Users.Where(u => u.Id == userId && u.FailedLoginCount >= options.LockoutThreshold)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedUntil, lockedUntil).SetProperty(u => u.FailedLoginCount, 0), cancellationToken);
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials", detail: "The username, e-mail or password is wrong.");

    private static ProblemHttpResult InvalidRefreshToken() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token", detail: "Log in again.");
}
