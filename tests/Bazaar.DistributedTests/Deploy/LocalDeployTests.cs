using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Deploy;

/// <summary>deploy/local/up.sh and down.sh as a developer runs them: every service its own process behind the gateway.</summary>
public sealed class LocalDeployTests
{
    private const string AdminEmail = "owner@bazaar.test";
    private const string AdminPassword = "Local-Deploy-Passw0rd";

    // A slow two-core machine builds in Release and starts twelve processes; the bounds only stop a hang.
    private static readonly TimeSpan ScriptBound = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan EventBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Up_starts_the_shop_behind_the_gateway_a_checkout_reaches_processing_and_down_stops_every_process()
    {
        var repo = RepositoryRoot();
        var up = await RunAsync(repo, "deploy/local/up.sh", [], ScriptBound);
        Assert.True(up.ExitCode == 0, $"up.sh failed ({up.ExitCode}):\n{up.Error}");
        var gateway = new Uri(up.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
        var run = (await File.ReadAllTextAsync(Path.Combine(repo, "deploy/local/.last-run"))).Trim();
        var processes = (await File.ReadAllLinesAsync(Path.Combine(run, "pids")))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));

        try
        {
            // Inside the try: whatever fails here, down.sh still stops every process.
            Assert.Equal(["postgres", "nats-server", "redis-server", "identity", "catalog", "inventory", "cart", "payment", "notification", "analytics", "ordering", "gateway", "web"], processes.Keys);
            using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
            var product = DemoProducts.Plentiful(0).Id;
            // The demo catalog travels to inventory and cart as events over NATS after start-up.
            await Eventually.TrueAsync(async () => (await http.GetAsync($"/api/inventory/{product}")).StatusCode == HttpStatusCode.OK,
                "the demo catalog to reach inventory", EventBound);

            const string password = "Correct-Horse-9";
            var username = "deploy-" + Guid.NewGuid().ToString("N")[..8];
            await (await http.PostAsJsonAsync("/api/users/register", new { username, email = $"{username}@example.com", password }))
                .EnsureStatusAsync(HttpStatusCode.Created);
            var login = await http.PostAsJsonAsync("/api/users/login", new { username, password });
            var tokens = (await login.Content.ReadFromJsonAsync<Tokens>())!;
            using var customer = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
            customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

            await Eventually.TrueAsync(async () =>
                (await customer.PostAsJsonAsync("/api/cart/items", new { productId = product, quantity = 1 })).IsSuccessStatusCode,
                "the cart to know the product", EventBound);
            var orderId = await customer.CheckoutAsync();
            await customer.WaitForOrderStatusAsync(orderId, "processing");

            // The storefront runs too, and shows the catalog it reads through the gateway.
            var web = (await File.ReadAllLinesAsync(Path.Combine(run, "urls"))).Single(line => line.StartsWith("web ", StringComparison.Ordinal))[4..];
            using var browser = new HttpClient { BaseAddress = new Uri(web), Timeout = TimeSpan.FromSeconds(60) };
            var home = await browser.GetStringAsync("/catalog?q=headphones");
            Assert.Contains("Headphones", home, StringComparison.Ordinal);

            // The admin settings reach identity: the configured owner can sign in.
            var admin = await http.PostAsJsonAsync("/api/users/login", new { email = AdminEmail, password = AdminPassword });
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }
        finally
        {
            var down = await RunAsync(repo, "deploy/local/down.sh", [run], TimeSpan.FromMinutes(3));
            Assert.True(down.ExitCode == 0, $"down.sh failed ({down.ExitCode}):\n{down.Error}");
        }

        foreach (var (name, pid) in processes)
        {
            Assert.False(IsRunning(pid), $"{name} ({pid}) should have stopped");
        }
        Assert.False(Directory.Exists(run), "down.sh should remove the temporary directory");
    }

    private static bool IsRunning(int pid)
    {
        var status = $"/proc/{pid}/status";
        try
        {
            // An exited process not yet collected by its parent is a zombie: it runs nothing.
            return File.Exists(status) && !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bazaar.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Bazaar.slnx not found above the test binaries.");
    }

    private sealed record ScriptResult(int ExitCode, string Output, string Error);

    private static async Task<ScriptResult> RunAsync(string repo, string script, string[] args, TimeSpan bound)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(repo, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Bazaar__Admin__Email"] = AdminEmail;
        start.Environment["Bazaar__Admin__Password"] = AdminPassword;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in {bound.TotalMinutes} min:\n{await error}");
        }
        return new ScriptResult(process.ExitCode, await output, await error);
    }
}
