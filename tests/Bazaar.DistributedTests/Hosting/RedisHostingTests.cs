using System.Net;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.DistributedTests.Hosting;

/// <summary>Two gateway-only processes: the lightest Bazaar processes that still have every Redis registration.</summary>
public sealed class RedisHostingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Data_protection_keys_live_in_Redis_so_what_one_process_protects_another_reads()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        try
        {
            var protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Protect("a cart cookie");

            Assert.True(await redis.Database.ListLengthAsync("bazaar:data-protection:keys") >= 1);
            Assert.Equal("a cart cookie", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Unprotect(protectedText));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Readiness_reports_Redis_and_fails_while_Redis_is_unreachable_yet_calls_still_pass_the_rate_limiter()
    {
        var host = await StartAsync();
        // Nothing listens on port 1; abortConnect=false lets the process start anyway.
        var cutOff = await StartAsync("127.0.0.1:1,abortConnect=false,connectTimeout=1000");
        try
        {
            using var http = host.CreateClient();
            var ready = await (await http.GetAsync("/health/ready")).JsonAsync();
            Assert.Equal("Healthy", RedisCheck(ready));

            using var cutOffHttp = cutOff.CreateClient();
            var notReady = await (await cutOffHttp.GetAsync("/health/ready")).JsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", RedisCheck(notReady));
            // This gateway routes nowhere, so 404: what matters is that the limiter counted locally instead of failing the call.
            Assert.Equal(HttpStatusCode.NotFound, (await cutOffHttp.GetAsync("/api/products")).StatusCode);
        }
        finally
        {
            await cutOff.DisposeAsync();
            await host.DisposeAsync();
        }
    }

    private static string? RedisCheck(System.Text.Json.JsonElement report) =>
        Assert.Single(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "redis").GetProperty("status").GetString();

    private async Task<BazaarHost> StartAsync(string? configuration = null)
    {
        var host = BazaarHost.With(new() { ["Bazaar:Services"] = "gateway", ["Bazaar:Redis:Configuration"] = configuration ?? redis.Configuration });
        await host.InitializeAsync();
        return host;
    }
}
