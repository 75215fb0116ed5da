using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bazaar.PostgresTests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL 15 cluster in a temporary directory on a free 127.0.0.1 port, stopped by its process id
/// and deleted afterwards. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Username = "postgres";
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _directory;
    private int _pid;

    private PostgresServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    private string DataDirectory => Path.Combine(_directory, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}); apt-get install -y postgresql.");
        }
        var directory = Path.Combine(Path.GetTempPath(), "bazaar-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(directory, FreePort());
        try
        {
            await server.InitAndStartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public NpgsqlConnection Connect(string database = "postgres") =>
        new(new NpgsqlConnectionStringBuilder { Host = Host, Port = Port, Username = Username, Database = database, Pooling = false }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_pid > 0)
        {
            await StopProcessAsync(_pid);
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is under the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected), keeping its data for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopProcessAsync(_pid);
        _pid = 0;
    }

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    private async Task InitAndStartAsync()
    {
        if (IsRoot())
        {
            await RunAsync("chown", "-R", $"{Username}:{Username}", _directory);
        }
        await RunAsPostgresAsync(Path.Combine(BinDirectory, "initdb"), "-D", DataDirectory, "-U", Username, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync");
        await StartServerAsync();
    }

    private async Task StartServerAsync()
    {
        var serverOptions = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off";
        await RunAsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"),
            "-o", serverOptions, "-w", "-t", "60", "start");
        // The first line of postmaster.pid is the server's process id.
        _pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task StopProcessAsync(int pid)
    {
        Process server;
        try
        {
            server = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return;
        }
        using (server)
        {
            // SIGINT is PostgreSQL's "fast shutdown": it disconnects clients and stops cleanly.
            await RunAsync("kill", "-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await server.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill();
            }
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static Task RunAsPostgresAsync(string file, params string[] args) =>
        IsRoot() ? RunAsync("runuser", ["-u", Username, "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
