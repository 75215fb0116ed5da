using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

/// <summary>Runs on both shapes: <see cref="RefreshTokenTests"/> here, and again in the distributed tests.</summary>
public abstract class RefreshTokenScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task Refreshing_gives_a_working_new_pair_and_the_old_refresh_token_stops_working()
    {
        var customer = await host.NewCustomerAsync("refresh");

        var second = await RefreshAsync(customer.Tokens.RefreshToken);

        Assert.NotEqual(customer.Tokens.RefreshToken, second.RefreshToken);
        Assert.NotEqual(customer.Tokens.AccessToken, second.AccessToken);
        using var http = host.CreateClient(second.AccessToken);
        var me = await (await http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal(customer.Id, me.GetProperty("id").GetString());
        var third = await RefreshAsync(second.RefreshToken);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);

        await (await PostRefreshAsync(customer.Tokens.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_family()
    {
        var customer = await host.NewCustomerAsync("family");
        var otherSession = await host.LoginAsync(customer.Username, customer.Password);
        var second = await RefreshAsync(customer.Tokens.RefreshToken);
        var newest = await RefreshAsync(second.RefreshToken);

        // Someone replays the first token, which was already rotated: it leaked.
        await (await PostRefreshAsync(customer.Tokens.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);

        await (await PostRefreshAsync(newest.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await PostRefreshAsync(second.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
        // A session from another login is another family and lives on.
        await RefreshAsync(otherSession.RefreshToken);
    }

    [Fact]
    public async Task A_refresh_token_that_was_never_issued_is_refused()
    {
        await (await PostRefreshAsync("bm90LWEtcmVhbC1yZWZyZXNoLXRva2VuLWF0LWFsbA")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await PostRefreshAsync("")).ValidationProblemAsync("refreshToken");
    }

    private async Task<HttpResponseMessage> PostRefreshAsync(string refreshToken)
    {
        using var http = host.CreateClient();
        return await http.PostAsJsonAsync("/api/users/refresh", new { refreshToken });
    }

    private async Task<Tokens> RefreshAsync(string refreshToken)
    {
        var response = await PostRefreshAsync(refreshToken);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class RefreshTokenTests(BazaarHost host) : RefreshTokenScenarios(host);
