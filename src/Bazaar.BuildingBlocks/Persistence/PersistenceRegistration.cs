using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bazaar.BuildingBlocks.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Registers a service's DbContext on the configured provider (<c>Bazaar:Database:Provider</c>), with its
    /// outbox relay, its event consumer and a readiness check of its database.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDbContext<TContext>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
    {
        var service = ServiceNames.Of<TContext>();
        var provider = builder.Configuration["Bazaar:Database:Provider"] ?? "sqlite";
        if (!provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Unknown database provider '{provider}'. Supported: sqlite.");
        }

        var options = builder.Configuration.GetSection("Bazaar").Get<BazaarOptions>() ?? new BazaarOptions();
        var connectionString = builder.Configuration.GetConnectionString(service) ?? new SqliteConnectionStringBuilder
        {
            DataSource = options.DataPath($"{service}.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        builder.Services.AddDbContext<TContext>((sp, db) => db
            .UseSqlite(connectionString)
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor<TContext>>()));
        builder.Services.AddServiceMessaging<TContext>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{service}-database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Brings the schema up to date through migrations; SQLite gets write-ahead logging for concurrent readers.</summary>
    public static async Task MigrateAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken)
        where TContext : ServiceDbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync(cancellationToken);
    }
}
