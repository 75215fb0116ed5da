using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Identity.PasswordReset;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<PasswordResetToken> PasswordResetTokens => Set<PasswordResetToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<User>(b =>
        {
            b.ToTable("users");
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).HasMaxLength(36);
            b.Property(u => u.Username).HasMaxLength(32);
            b.Property(u => u.NormalizedUsername).HasMaxLength(32);
            b.Property(u => u.Email).HasMaxLength(254);
            b.Property(u => u.NormalizedEmail).HasMaxLength(254);
            b.Property(u => u.Role).HasMaxLength(16);
            b.HasIndex(u => u.NormalizedUsername).IsUnique();
            b.HasIndex(u => u.NormalizedEmail).IsUnique();
        });
        modelBuilder.Entity<RefreshToken>(b =>
        {
            b.ToTable("refresh_tokens");
            b.HasKey(t => t.Id);
            b.HasIndex(t => t.TokenHash).IsUnique();
            b.HasIndex(t => t.FamilyId);
            b.HasIndex(t => t.UserId);
        });
        modelBuilder.Entity<PasswordResetToken>(b =>
        {
            b.ToTable("password_reset_tokens");
            b.HasKey(t => t.Id);
            b.HasIndex(t => t.TokenHash).IsUnique();
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class IdentityDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<IdentityDbContext>
{
    public IdentityDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<IdentityDbContext>(args), TimeProvider.System);
}
