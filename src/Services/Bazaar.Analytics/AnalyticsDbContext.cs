using Bazaar.Analytics.Processing;
using Bazaar.Analytics.Results;
using Bazaar.Analytics.Sources;
using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Analytics;

public sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<InputEvent> InputEvents => Set<InputEvent>();
    public DbSet<ProcessorCheckpoint> Checkpoints => Set<ProcessorCheckpoint>();
    public DbSet<StoredWindow> Windows => Set<StoredWindow>();
    public DbSet<StoredAnomaly> Anomalies => Set<StoredAnomaly>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<InputEvent>(b =>
        {
            b.ToTable("input_events");
            b.HasKey(e => e.Sequence);
            b.Property(e => e.Sequence).ValueGeneratedOnAdd();
            b.Property(e => e.EventId).HasMaxLength(64);
            b.Property(e => e.Type).HasMaxLength(200);
            b.HasIndex(e => e.EventId).IsUnique();
            b.HasIndex(e => e.Time);
        });
        modelBuilder.Entity<ProcessorCheckpoint>(b =>
        {
            b.ToTable("checkpoints");
            b.HasKey(c => c.Name);
            b.Property(c => c.Name).HasMaxLength(40);
            b.Property(c => c.LeaseOwner).HasMaxLength(120);
            b.Property(c => c.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<StoredWindow>(b =>
        {
            b.ToTable("windows");
            b.HasKey(w => new { w.Kind, w.Start });
            b.Property(w => w.Kind).HasMaxLength(16);
            b.HasIndex(w => w.FeedPosition);
        });
        modelBuilder.Entity<StoredAnomaly>(b =>
        {
            b.ToTable("anomalies");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).HasMaxLength(120);
            b.Property(a => a.Metric).HasMaxLength(40);
            b.Property(a => a.Kind).HasMaxLength(16);
            b.Property(a => a.Currency).HasMaxLength(3);
            b.Property(a => a.Description).HasMaxLength(500);
            b.HasIndex(a => a.WindowStart);
            b.HasIndex(a => a.FeedPosition);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class AnalyticsDbContextFactory : IDesignTimeDbContextFactory<AnalyticsDbContext>
{
    public AnalyticsDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<AnalyticsDbContext>(args), TimeProvider.System);
}
