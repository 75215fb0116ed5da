namespace Bazaar.BuildingBlocks.Persistence;

public static class DatabaseProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}

/// <summary>The <c>Bazaar:Database</c> section: which database engine every service uses, and how to reach PostgreSQL.</summary>
public sealed class DatabaseSettings
{
    /// <summary><c>sqlite</c> (embedded shape, a file per service) or <c>postgres</c> (a database per service).</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    public PostgresSettings Postgres { get; set; } = new();

    /// <summary>The provider name in its canonical spelling; anything else is a configuration error.</summary>
    public string ProviderName() =>
        Provider.Trim().ToLowerInvariant() switch
        {
            DatabaseProviders.Sqlite => DatabaseProviders.Sqlite,
            DatabaseProviders.Postgres or "postgresql" or "npgsql" => DatabaseProviders.Postgres,
            _ => throw new InvalidOperationException(
                $"Unknown database provider '{Provider}'. Supported: {DatabaseProviders.Sqlite}, {DatabaseProviders.Postgres}."),
        };
}

/// <summary>
/// How a service reaches PostgreSQL when no <c>ConnectionStrings:&lt;service&gt;</c> is given; each service gets
/// the database <c>{DatabasePrefix}{service}</c> on the same server.
/// </summary>
public sealed class PostgresSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5432;
    public string Username { get; set; } = "postgres";
    public string? Password { get; set; }
    public string DatabasePrefix { get; set; } = "bazaar_";

    /// <summary>
    /// Connections kept open per service. Every hosted service has its own pool, so the embedded shape on one
    /// server needs up to seven times this many of the server's <c>max_connections</c> (100 by default).
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    public int MinPoolSize { get; set; }

    public bool Pooling { get; set; } = true;

    /// <summary>Seconds an idle pooled connection stays open.</summary>
    public int ConnectionIdleLifetime { get; set; } = 300;

    /// <summary>Seconds to wait for a connection (from the pool or the server).</summary>
    public int Timeout { get; set; } = 15;

    /// <summary>Seconds a command may run.</summary>
    public int CommandTimeout { get; set; } = 30;

    /// <summary><c>Disable</c>, <c>Prefer</c>, <c>Require</c>, <c>VerifyCA</c> or <c>VerifyFull</c>.</summary>
    public string SslMode { get; set; } = "Prefer";
}
