using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

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
        var (provider, connectionString) = ServiceDatabase(builder.Configuration, service);

        // Options built once: building them per request (and EF's lookup of its internal services by them) cost
        // more than the query itself on a cached product read.
        builder.Services.AddDbContext<TContext>(
            (sp, db) => db
                .UseServiceDatabase(provider, connectionString)
                .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor<TContext>>()),
            optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddServiceMessaging<TContext>();
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{service}-database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Where a service's data lives under this configuration: its provider and connection string, from
    /// <c>ConnectionStrings:&lt;service&gt;</c> or else from the <c>Bazaar:Database</c> section.
    /// </summary>
    public static (string Provider, string ConnectionString) ServiceDatabase(IConfiguration configuration, string service)
    {
        var database = configuration.GetSection("Bazaar:Database").Get<DatabaseSettings>() ?? new DatabaseSettings();
        var provider = database.ProviderName();
        return (provider, configuration.GetConnectionString(service) ?? (provider == DatabaseProviders.Postgres
            ? PostgresConnectionString(database.Postgres, service)
            : SqliteConnectionString(configuration, service)));
    }

    /// <summary>Puts a context on a provider, with the migrations written for that provider.</summary>
    public static DbContextOptionsBuilder UseServiceDatabase(this DbContextOptionsBuilder db, string provider, string connectionString) =>
        (provider == DatabaseProviders.Postgres ? db.UseNpgsql(connectionString) : db.UseSqlite(connectionString).AddInterceptors(SqliteBusyTimeout.Instance))
            .ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();

    /// <summary>Brings the schema up to date through migrations, creating the database first if it is missing.</summary>
    public static async Task MigrateAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken)
        where TContext : ServiceDbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers run alongside the writer.
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.DuplicateTable)
            {
                // Replicas starting together race: another one created the database between our existence check and
                // CREATE DATABASE, or applied a migration this one had found pending. EF Core's migration lock did not
                // prevent the second on a fresh database: two replicas of a service with two migrations were seen to
                // fail with "relation already exists". The failed migration rolled back; the next attempt finds it applied.
            }
        }
    }

    private static string SqliteConnectionString(IConfiguration configuration, string service)
    {
        var options = configuration.GetSection("Bazaar").Get<BazaarOptions>() ?? new BazaarOptions();
        return new SqliteConnectionStringBuilder
        {
            DataSource = options.DataPath($"{service}.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private static string PostgresConnectionString(PostgresSettings settings, string service) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = settings.Host,
            Port = settings.Port,
            Username = settings.Username,
            Password = settings.Password,
            Database = settings.DatabasePrefix + service,
            Pooling = settings.Pooling,
            MinPoolSize = settings.MinPoolSize,
            MaxPoolSize = settings.MaxPoolSize,
            ConnectionIdleLifetime = settings.ConnectionIdleLifetime,
            Timeout = settings.Timeout,
            CommandTimeout = settings.CommandTimeout,
            SslMode = Enum.Parse<SslMode>(settings.SslMode, ignoreCase: true),
            ApplicationName = $"bazaar-{service}",
        }.ConnectionString;
}
