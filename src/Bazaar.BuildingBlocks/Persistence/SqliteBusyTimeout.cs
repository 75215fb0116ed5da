using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Bazaar.BuildingBlocks.Persistence;

/// <summary>
/// Lets SQLite itself wait for a writer to finish (its busy handler backs off from 1 ms upwards) instead of
/// Microsoft.Data.Sqlite's retry, which sleeps 150 ms at a time: with a relay, consumers and requests writing to one
/// file, those sleeps were most of the embedded shop's tail latency.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static SqliteBusyTimeout Instance { get; } = new();

    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
