using Bazaar.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bazaar.BuildingBlocks.Persistence;

/// <summary>
/// The base of every service's DbContext: it carries the outbox, inbox and dead-letter tables so that
/// an event is saved atomically with the change it announces.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options, TimeProvider time) : DbContext(options)
{
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();

    public TimeProvider Time => time;

    /// <summary>Queues an integration event; it is stored by the next SaveChanges, in the same transaction.</summary>
    public void Publish<TEvent>(TEvent data, string? subject = null) where TEvent : class
    {
        var envelope = EventEnvelope.Create(data, subject, time.GetUtcNow());
        Outbox.Add(new OutboxMessage
        {
            EventId = envelope.Id,
            Type = envelope.Type,
            Envelope = envelope.ToJson(),
            CreatedAt = envelope.Time,
        });
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(m => m.Id);
            b.Property(m => m.EventId).HasMaxLength(64);
            b.Property(m => m.Type).HasMaxLength(200);
            b.HasIndex(m => m.PublishedAt);
            // The relay reads the unpublished rows in id order. Without this index it walks the primary key through
            // every published row kept for the retention period before it finds the first one to send.
            b.HasIndex(m => m.Id, "IX_outbox_messages_unpublished").HasFilter("\"PublishedAt\" IS NULL");
        });
        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable("inbox_messages");
            b.HasKey(m => new { m.EventId, m.Handler });
            b.Property(m => m.EventId).HasMaxLength(64);
            b.Property(m => m.Handler).HasMaxLength(200);
            b.HasIndex(m => m.HandledAt);
        });
        modelBuilder.Entity<DeadLetter>(b =>
        {
            b.ToTable("dead_letters");
            b.HasKey(m => m.Id);
            b.Property(m => m.EventId).HasMaxLength(64);
            b.Property(m => m.Type).HasMaxLength(200);
            b.Property(m => m.Handler).HasMaxLength(200);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no date type: store instants as sortable integers so deadlines can be compared in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else
        {
            // timestamptz holds an instant, and Npgsql refuses to write an offset other than zero: app times are
            // UTC already, this keeps a caller's "2026-05-01T10:00+02:00" filter from failing the query.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
