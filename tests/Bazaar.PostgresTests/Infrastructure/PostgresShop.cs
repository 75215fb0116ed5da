using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.PostgresTests.Infrastructure;

/// <summary>The whole Bazaar server on a throw-away PostgreSQL: every service on its own database of that server.</summary>
public sealed class PostgresShop : IAsyncLifetime
{
    public PostgresServer Database { get; private set; } = null!;

    public BazaarHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // No skip: if PostgreSQL cannot start, the tests fail with the reason.
        Database = await PostgresServer.StartAsync();
        Host = BazaarHost.With(new Dictionary<string, string?>
        {
            ["Bazaar:Database:Provider"] = "postgres",
            ["Bazaar:Database:Postgres:Host"] = Database.Host,
            ["Bazaar:Database:Postgres:Port"] = Database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bazaar:Database:Postgres:Username"] = PostgresServer.Username,
            ["Bazaar:Database:Postgres:MaxPoolSize"] = "20",
            ["Bazaar:Database:Postgres:SslMode"] = "Disable",
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Host is not null)
            {
                await Host.DisposeAsync();
            }
        }
        finally
        {
            if (Database is not null)
            {
                await Database.DisposeAsync();
            }
        }
    }
}
