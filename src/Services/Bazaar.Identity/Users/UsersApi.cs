using System.Security.Claims;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Users;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users");
        group.MapPost("/register", RegisterAsync).AllowAnonymous();
        group.MapGet("/me", GetMeAsync).RequireAuthorization();
        group.MapGet("/", ListAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/{id}", GetAsync).RequireAuthorization();
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization();
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, IdentityDbContext db, IPasswordHasher<User> hasher, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.Text(request.Username, "username", 32);
        if (!string.IsNullOrWhiteSpace(request.Username))
        {
            validation.Check(UserInput.UsernamePattern().IsMatch(request.Username), "username", "Use 3 to 32 letters, digits, '.', '_' or '-'.");
        }
        validation.Email(request.Email);
        PasswordPolicy.Check(validation, request.Password, "password", request.Username, request.Email?.Split('@')[0]);
        UserInput.CheckProfile(validation, request.FullName, request.Phone, request.Address);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var username = User.Normalize(request.Username!);
        var email = User.Normalize(request.Email!);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == username || u.NormalizedEmail == email, cancellationToken))
        {
            return Problems.Conflict("That username or e-mail is already registered.");
        }

        var now = db.Time.GetUtcNow();
        var user = new User
        {
            Username = request.Username!.Trim(),
            NormalizedUsername = username,
            Email = request.Email!.Trim(),
            NormalizedEmail = email,
            PasswordHash = "",
            FullName = request.FullName?.Trim(),
            Phone = request.Phone?.Trim(),
            AddressJson = UserInput.AddressJson(request.Address),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        db.Users.Add(user);
        db.Publish(new UserRegistered(user.Id, user.Username, user.Email, user.FullName), user.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("That username or e-mail is already registered.");
        }
        return TypedResults.Created($"/api/users/{user.Id}", UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var user = await FindActiveAsync(db, principal.UserId(), cancellationToken);
        return user is null ? Problems.NotFound("User") : TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<Ok<Paged<UserResponse>>, ValidationProblem>> ListAsync(
        IdentityDbContext db, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (p, size) = Paging.Normalize(page, pageSize, validation);
        validation.Text(q, "q", 100, required: false);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var query = db.Users.Where(u => u.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = User.Normalize(q);
            query = query.Where(u => u.NormalizedUsername.Contains(term) || u.NormalizedEmail.Contains(term));
        }
        var total = await query.CountAsync(cancellationToken);
        var users = await query.OrderBy(u => u.NormalizedUsername).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<UserResponse>(users.Select(UserResponse.From).ToList(), p, size, total));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        if (!principal.MayAccess(id))
        {
            return Problems.Forbidden();
        }
        var user = await FindActiveAsync(db, id, cancellationToken);
        return user is null ? Problems.NotFound("User") : TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateUserRequest request, ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        if (!principal.MayAccess(id))
        {
            return Problems.Forbidden();
        }
        var user = await FindActiveAsync(db, id, cancellationToken);
        if (user is null)
        {
            return Problems.NotFound("User");
        }
        if (request.Role is not null && request.Role != user.Role && !principal.IsAdmin())
        {
            return Problems.Forbidden();
        }

        var validation = new Validation();
        if (request.Email is not null)
        {
            validation.Email(request.Email);
        }
        UserInput.CheckProfile(validation, request.FullName, request.Phone, request.Address);
        validation.Check(request.Role is null or Roles.Customer or Roles.Admin, "role", "Must be 'customer' or 'admin'.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        if (request.Email is not null && User.Normalize(request.Email) != user.NormalizedEmail)
        {
            var email = User.Normalize(request.Email);
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == email, cancellationToken))
            {
                return Problems.Conflict("That e-mail is already registered.");
            }
            user.Email = request.Email.Trim();
            user.NormalizedEmail = email;
        }
        user.FullName = request.FullName?.Trim() ?? user.FullName;
        user.Phone = request.Phone?.Trim() ?? user.Phone;
        user.AddressJson = request.Address is null ? user.AddressJson : UserInput.AddressJson(request.Address);
        user.Role = request.Role ?? user.Role;
        user.UpdatedAt = db.Time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("That e-mail is already registered.");
        }
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        if (!principal.MayAccess(id))
        {
            return Problems.Forbidden();
        }
        var user = await FindActiveAsync(db, id, cancellationToken);
        if (user is null)
        {
            return Problems.NotFound("User");
        }

        var now = db.Time.GetUtcNow();
        user.DeletedAt = now;
        user.UpdatedAt = now;
        await db.RefreshTokens.Where(t => t.UserId == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        db.Publish(new UserDeleted(id), id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<User?> FindActiveAsync(IdentityDbContext db, string id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id && u.DeletedAt == null, cancellationToken);
}
