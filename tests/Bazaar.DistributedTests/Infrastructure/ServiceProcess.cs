using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// One Bazaar service as production runs it: <c>dotnet Bazaar.Server.dll --services &lt;name&gt;</c> in a process of its
/// own, on a port of its own on 127.0.0.1. Its console output goes to a log file the tests can read.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "Bazaar.Server.dll");

    private readonly Dictionary<string, string?> _settings;
    private readonly Lock _logLock = new();
    private Process? _process;
    private StreamWriter? _log;

    public ServiceProcess(string service, string name, string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        Service = service;
        Name = name;
        DataDirectory = dataDirectory;
        Url = new Uri($"http://127.0.0.1:{LocalServer.FreePort()}");
        _settings = new Dictionary<string, string?>(settings);
        Directory.CreateDirectory(dataDirectory);
    }

    /// <summary>The service it hosts (<c>ordering</c>).</summary>
    public string Service { get; }

    /// <summary>Its own name, telling replicas apart (<c>ordering-2</c>).</summary>
    public string Name { get; }

    public string DataDirectory { get; }

    public Uri Url { get; }

    public string LogFile => Path.Combine(DataDirectory, "console.log");

    public int? ProcessId => _process is { HasExited: false } ? _process.Id : null;

    /// <summary>Starts the process; <paramref name="overrides"/> replace settings for this run and the ones after it.</summary>
    public void Start(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException($"{Name} is running already.");
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        start.ArgumentList.Add(ServerDll);
        start.ArgumentList.Add("--services");
        start.ArgumentList.Add(Service);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url.ToString().TrimEnd('/'));
        start.ArgumentList.Add($"--Bazaar:DataDirectory={DataDirectory}");
        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        // A test host's own settings (its environment name, say) must not leak into the service.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        _log ??= new StreamWriter(LogFile, append: true) { AutoFlush = true };
        WriteLog($"---- {Name} starting at {DateTimeOffset.UtcNow:O}");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        _process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        _process.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200, failing early if the process exits.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited before it was ready; its log:\n{Tail()}");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready after {timeout.TotalSeconds} s; its log:\n{Tail()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: the process dies wherever it is, as in a crash or an out-of-memory kill.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
        WriteLog($"---- {Name} killed at {DateTimeOffset.UtcNow:O}");
    }

    /// <summary>SIGSTOP: the process freezes where it is, as a long garbage collection, a hung host or a paused VM does.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: the paused process carries on as if no time had passed.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGTERM: the host shuts down gracefully, as Kubernetes stops a pod.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await SignalAsync("TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task SignalAsync(string signal)
    {
        var pid = ProcessId ?? throw new InvalidOperationException($"{Name} is not running.");
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        WriteLog($"---- {Name} sent SIG{signal} at {DateTimeOffset.UtcNow:O}");
    }

    public string ReadLog()
    {
        lock (_logLock)
        {
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private string Tail()
    {
        var lines = ReadLog().Split('\n');
        return string.Join('\n', lines.TakeLast(40));
    }

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }
}
