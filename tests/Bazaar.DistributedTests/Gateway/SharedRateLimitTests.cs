using System.Net;
using System.Net.Http.Json;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Gateway;

public sealed class SharedRateLimitTests(GatewayShop shop, RedisServer redis) : IClassFixture<GatewayShop>, IClassFixture<RedisServer>
{
    [Fact]
    public async Task Two_gateways_sharing_Redis_spend_one_login_budget_and_both_answer_429_with_Retry_After_beyond_it()
    {
        // A long window: the test must not straddle two windows on a slow machine.
        var settings = new Dictionary<string, string?>
        {
            ["Bazaar:Redis:Configuration"] = redis.Configuration,
            ["Bazaar:Gateway:RateLimits:Login:PermitLimit"] = "3",
            ["Bazaar:Gateway:RateLimits:Login:Window"] = "00:10:00",
        };
        var first = await shop.StartGatewayAsync(settings);
        var second = await shop.StartGatewayAsync(settings);
        try
        {
            using var viaFirst = first.CreateClient();
            using var viaSecond = second.CreateClient();
            foreach (var http in new[] { viaFirst, viaSecond, viaFirst })
            {
                var attempt = await http.PostAsJsonAsync("/api/users/login", new { username = "nobody", password = "Wrong-Passw0rd" });
                Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
            }

            // Each gateway alone has let through fewer than three, so only a shared count refuses these.
            foreach (var http in new[] { viaSecond, viaFirst })
            {
                var limited = await http.PostAsJsonAsync("/api/users/login", new { username = "nobody", password = "Wrong-Passw0rd" });
                Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
                var retryAfter = limited.Headers.RetryAfter?.Delta;
                Assert.NotNull(retryAfter);
                Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            }

            Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync($"/api/products/{DemoProducts.First}")).StatusCode);
            Assert.Contains(redis.Keys("rl:"), key => key.Contains("bazaar:gateway:login:", StringComparison.Ordinal));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }
}
