using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Bazaar.Analytics.Lake;

/// <summary>
/// Runs one read-only SQL query over the lake, in a DuckDB of its own: in memory, one thread, a memory limit, and
/// no access to any file but the lake's, nor to the network or extensions. The tables are views named like the
/// lake's folders, with the partition's <c>date</c> as an extra column.
/// </summary>
public sealed class LakeQuery(LakeOptions options)
{
    /// <summary>How often a query that ran out of time is interrupted again, until it has stopped.</summary>
    private static readonly TimeSpan InterruptEvery = TimeSpan.FromMilliseconds(50);

    private readonly string _root = options.Root;

    /// <summary>
    /// The query's first rows, at most <paramref name="maxRows"/> and never more than <see cref="LakeOptions.QueryRowLimit"/>;
    /// or, as a <see cref="LakeQueryFailure"/> and never as an exception, why it was refused, failed or was stopped.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the query is interrupted.</exception>
    public async Task<LakeQueryOutcome> RunAsync(string sql, int? maxRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (maxRows is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "A query returns at least one row.");
        }
        var rowLimit = Math.Min(maxRows ?? options.QueryRowLimit, options.QueryRowLimit);
        var elapsed = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(options.QueryTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            // DuckDB blocks the thread that runs it.
            return await Task.Run(() => Run(sql, rowLimit, elapsed, stop.Token), CancellationToken.None);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            return new LakeQueryFailure(LakeQueryFailureKind.TimedOut,
                $"The query was stopped after {options.QueryTimeout.TotalSeconds:0.###} s, the longest a query may run.");
        }
        catch (Exception e)
        {
            return new LakeQueryFailure(LakeQueryFailureKind.Failed, e.Message);
        }
    }

    private LakeQueryOutcome Run(string sql, int rowLimit, Stopwatch elapsed, CancellationToken stop)
    {
        using var connection = OpenLake();
        if (Refusal(connection, sql) is { } refusal)
        {
            return refusal;
        }
        stop.ThrowIfCancellationRequested();

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Rows are fetched as they are read, so a result past the row limit is never built.
        command.UseStreamingMode = true;
        using var interruption = new Interruption(command, stop);
        using var reader = command.ExecuteReader();
        var columns = new LakeColumn[reader.FieldCount];
        var utc = new bool[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var type = reader.GetDataTypeName(i);
            columns[i] = new LakeColumn(reader.GetName(i), type.ToLowerInvariant());
            utc[i] = type == "TimestampTz";
        }
        var rows = new List<object?[]>();
        while (rows.Count < rowLimit && reader.Read())
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : JsonValue.From(reader.GetValue(i), utc[i]);
            }
            rows.Add(row);
        }
        var truncated = rows.Count == rowLimit && reader.Read();
        return new LakeQueryResult(columns, rows, truncated, elapsed.ElapsedMilliseconds);
    }

    /// <summary>A fresh in-memory database with the lake's views, locked down before any user SQL runs in it.</summary>
    private DuckDBConnection OpenLake()
    {
        var connectionString = new DuckDBConnectionStringBuilder
        {
            DataSource = ":memory:",
            Threads = 1,
            MemoryLimit = options.QueryMemoryLimit,
            AutoinstallKnownExtensions = false,
            AutoloadKnownExtensions = false,
        }.ConnectionString;
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            var setup = new StringBuilder();
            foreach (var table in LakeTables.Empty)
            {
                setup.AppendLine(HasFiles(table.Name)
                    ? $"CREATE VIEW {Identifier(table.Name)} AS SELECT * FROM read_parquet({Literal(Path.Combine(_root, table.Name, "*", "*.parquet"))}, hive_partitioning = true, hive_types = {{'date': DATE}});"
                    // No files yet: an empty table with the same columns, so that queries still bind.
                    : $"CREATE TABLE {Identifier(table.Name)} ({string.Join(", ", table.Columns.Select(c => $"{Identifier(c.Field.Name)} {c.SqlType}"))}, \"date\" DATE);");
            }
            // The views read the lake when a query runs, so the lake stays readable; everything else is shut, and
            // no temporary directory means a query that needs more memory fails instead of spilling to disk.
            setup.AppendLine($"""
                SET temp_directory = '';
                SET allowed_directories = [{Literal(_root + Path.DirectorySeparatorChar)}];
                SET enable_external_access = false;
                SET lock_configuration = true;
                """);
            using var command = connection.CreateCommand();
            command.CommandText = setup.ToString();
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private bool HasFiles(string table)
    {
        var folder = Path.Combine(_root, table);
        return Directory.Exists(folder) && Directory.EnumerateDirectories(folder).Any(d => Directory.EnumerateFiles(d, "*.parquet").Any());
    }

    /// <summary>
    /// Anything but exactly one SELECT (with or without WITH, or a VALUES or FROM-first query) is refused. DuckDB's
    /// own parser decides: <c>json_serialize_sql</c> serializes SELECT statements only, one entry per statement.
    /// </summary>
    private static LakeQueryFailure? Refusal(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql($1::VARCHAR)";
        command.Parameters.Add(new DuckDBParameter(sql));
        using var parsed = JsonDocument.Parse((string)command.ExecuteScalar()!);
        var root = parsed.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            return root.GetProperty("error_type").GetString() == "parser"
                ? new LakeQueryFailure(LakeQueryFailureKind.Failed, $"Parser Error: {root.GetProperty("error_message").GetString()}")
                : OnlyOneSelect;
        }
        return root.GetProperty("statements").GetArrayLength() == 1 ? null : OnlyOneSelect;
    }

    private static readonly LakeQueryFailure OnlyOneSelect = new(LakeQueryFailureKind.Refused,
        "Only a single read-only query is allowed: one SELECT statement (WITH … SELECT, VALUES and FROM-first queries included).");

    private static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>
    /// Interrupts the command once <c>stop</c> is cancelled, and again until disposed: an interrupt only reaches the
    /// statement running at that moment, so one that came while DuckDB was between steps would be lost.
    /// </summary>
    private sealed class Interruption : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly Timer _timer;
        private bool _done;

        public Interruption(DuckDBCommand command, CancellationToken stop) =>
            _timer = new Timer(_ =>
            {
                // Under the gate, so that no interrupt reaches the connection once the command is being disposed.
                lock (_gate)
                {
                    if (!_done && stop.IsCancellationRequested)
                    {
                        command.Cancel();
                    }
                }
            }, null, InterruptEvery, InterruptEvery);

        public void Dispose()
        {
            lock (_gate)
            {
                _done = true;
            }
            _timer.Dispose();
        }
    }
}
