using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Watches every service's SQLite file for commits. <c>PRAGMA data_version</c> changes on this connection whenever
/// another connection (the server's) has committed to the file since the last look, so comparing it before and after
/// a request tells whether that request changed anything, without knowing any table.
/// </summary>
public sealed class DatabaseVersions : IDisposable
{
    public static readonly string[] Services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification"];

    private readonly SqliteConnection[] _connections;
    private readonly SqliteCommand[] _commands;

    public DatabaseVersions(string dataDirectory)
    {
        _connections = [.. Services.Select(service => new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, service + ".db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString()))];
        foreach (var connection in _connections)
        {
            connection.Open();
        }
        _commands = [.. _connections.Select(c =>
        {
            var command = c.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            return command;
        })];
    }

    public long[] Read() => [.. _commands.Select(c => (long)c.ExecuteScalar()!)];

    /// <summary>The services whose database changed between two readings.</summary>
    public static IReadOnlyList<string> Changed(long[] before, long[] after) =>
        [.. Services.Where((_, i) => before[i] != after[i])];

    /// <summary>
    /// Waits until no database has changed for <paramref name="quiet"/>: what a successful request set off in the
    /// background (the outbox relay, event handlers, the mail dispatcher) has finished.
    /// </summary>
    /// <returns>Whether it became quiet before <paramref name="bound"/>.</returns>
    public async Task<bool> WaitUntilQuietAsync(TimeSpan quiet, TimeSpan bound)
    {
        var total = Stopwatch.StartNew();
        var still = Stopwatch.StartNew();
        var last = Read();
        while (still.Elapsed < quiet)
        {
            if (total.Elapsed > bound)
            {
                return false;
            }
            await Task.Delay(20);
            var now = Read();
            if (Changed(last, now).Count > 0)
            {
                last = now;
                still.Restart();
            }
        }
        return true;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
