using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>How the tests run a Debian-packaged server (nats-server, redis-server): found, started on 127.0.0.1, waited for.</summary>
public static class LocalServer
{
    /// <summary>The first of the usual install locations that exists; a missing server fails the tests rather than skipping them.</summary>
    public static string Find(string name) =>
        new[] { "/usr/bin/", "/usr/sbin/", "/usr/local/bin/" }.Select(folder => folder + name).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed (apt-get install -y {name}); the distributed tests need it.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server and returns once it accepts connections on <paramref name="port"/>.</summary>
    public static async Task<Process> StartAsync(string binary, int port, params string[] args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        // Drain its output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(binary)} exited at start with code {process.ExitCode}.");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGKILL, as a crash would; the caller's data directory stays.</summary>
    public static async Task KillAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
    }
}
