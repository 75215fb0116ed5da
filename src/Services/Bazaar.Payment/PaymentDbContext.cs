using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Payment.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Payment;

public sealed class PaymentDbContext(DbContextOptions<PaymentDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<Payments.Payment> Payments => Set<Payments.Payment>();
    public DbSet<Refund> Refunds => Set<Refund>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Payments.Payment>(b =>
        {
            b.ToTable("payments");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).HasMaxLength(36);
            b.Property(p => p.OrderId).HasMaxLength(36);
            b.Property(p => p.UserId).HasMaxLength(36);
            b.Property(p => p.Amount).HasPrecision(18, 2);
            b.Property(p => p.RefundedAmount).HasPrecision(18, 2);
            b.Property(p => p.Currency).HasMaxLength(3);
            b.Property(p => p.Token).HasMaxLength(100);
            b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(p => p.Version).IsConcurrencyToken();
            b.HasIndex(p => p.OrderId).IsUnique();
            b.HasMany(p => p.Refunds).WithOne().HasForeignKey(r => r.PaymentId);
        });
        modelBuilder.Entity<Refund>(b =>
        {
            b.ToTable("refunds");
            b.HasKey(r => r.Id);
            b.Property(r => r.Amount).HasPrecision(18, 2);
            b.Property(r => r.Reason).HasMaxLength(200);
            b.Property(r => r.IdempotencyKey).HasMaxLength(100);
            b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(r => new { r.PaymentId, r.IdempotencyKey }).IsUnique();
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class PaymentDbContextFactory : IDesignTimeDbContextFactory<PaymentDbContext>
{
    public PaymentDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PaymentDbContext>(args), TimeProvider.System);
}
