using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Notification;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Notifications.Notification>(b =>
        {
            b.ToTable("notifications");
            b.HasKey(n => n.Id);
            b.Property(n => n.Id).HasMaxLength(36);
            b.Property(n => n.UserId).HasMaxLength(36);
            b.Property(n => n.EventId).HasMaxLength(64);
            b.Property(n => n.Template).HasMaxLength(40);
            b.Property(n => n.Channel).HasMaxLength(16);
            b.Property(n => n.Recipient).HasMaxLength(254);
            b.Property(n => n.Subject).HasMaxLength(300);
            b.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(n => new { n.EventId, n.Template }).IsUnique();
            b.HasIndex(n => new { n.Status, n.NextAttemptAt });
            b.HasIndex(n => new { n.UserId, n.CreatedAt });
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class NotificationDbContextFactory : IDesignTimeDbContextFactory<NotificationDbContext>
{
    public NotificationDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<NotificationDbContext>(args), TimeProvider.System);
}
