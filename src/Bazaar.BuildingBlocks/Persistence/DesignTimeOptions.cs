using Microsoft.EntityFrameworkCore;

namespace Bazaar.BuildingBlocks.Persistence;

/// <summary>
/// The options a service's <c>IDesignTimeDbContextFactory</c> hands to <c>dotnet ef</c>. The provider comes from
/// <c>-- --provider postgres</c> after the tool's own arguments, or the <c>BAZAAR_DB_PROVIDER</c> environment
/// variable; SQLite otherwise. No database is opened to add a migration, so the connection strings are placeholders.
/// </summary>
public static class DesignTimeOptions
{
    public static DbContextOptions<TContext> For<TContext>(string[] args) where TContext : ServiceDbContext
    {
        var index = Array.FindIndex(args, a => a is "--provider" or "--Provider");
        var provider = new DatabaseSettings
        {
            Provider = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable("BAZAAR_DB_PROVIDER") ?? DatabaseProviders.Sqlite,
        }.ProviderName();
        var connectionString = provider == DatabaseProviders.Postgres
            ? $"Host=127.0.0.1;Database=bazaar_{ServiceNames.Of<TContext>()}"
            : "Data Source=design.db";
        var options = new DbContextOptionsBuilder<TContext>();
        options.UseServiceDatabase(provider, connectionString);
        return options.Options;
    }
}
