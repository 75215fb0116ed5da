using System.Security.Cryptography;
using Bazaar.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Identity.Users;

/// <summary>Creates the first admin on first start, from <c>Bazaar:Admin:Email</c> and <c>Bazaar:Admin:Password</c>.</summary>
public static class AdminAccount
{
    public const string DefaultEmail = "admin@bazaar.local";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var email = configuration["Bazaar:Admin:Email"] is { Length: > 0 } configured ? configured.Trim() : DefaultEmail;
        var normalized = User.Normalize(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return;
        }

        var password = configuration["Bazaar:Admin:Password"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(18)) + "7a";
        }

        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        var now = db.Time.GetUtcNow();
        var username = await db.Users.AnyAsync(u => u.NormalizedUsername == "ADMIN", cancellationToken) ? $"admin-{Guid.NewGuid():N}"[..16] : "admin";
        var admin = new User
        {
            Username = username,
            NormalizedUsername = User.Normalize(username),
            Email = email,
            NormalizedEmail = normalized,
            PasswordHash = "",
            FullName = "Bazaar Admin",
            Role = Roles.Admin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        admin.PasswordHash = hasher.HashPassword(admin, password!);
        db.Users.Add(admin);
        await db.SaveChangesAsync(cancellationToken);

        if (generated)
        {
            // Shown once, on the console only: the database keeps just the hash.
            Console.WriteLine($"""

                ==================================================================
                 Bazaar admin account created
                   e-mail:   {email}
                   password: {password}
                 Set Bazaar__Admin__Password to choose it; this is shown only once.
                ==================================================================

                """);
        }
    }
}
