using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

/// <summary>Runs on both shapes: <see cref="UserProfileTests"/> here, and again in the distributed tests.</summary>
public abstract class UserProfileScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task Me_is_the_callers_own_profile_and_needs_a_token()
    {
        var customer = await host.NewCustomerAsync("me");

        var me = await (await customer.Http.GetAsync("/api/users/me")).JsonAsync();

        Assert.Equal(customer.Id, me.GetProperty("id").GetString());
        Assert.Equal(customer.Username, me.GetProperty("username").GetString());
        Assert.Equal(customer.Email, me.GetProperty("email").GetString());
        Assert.Equal("customer", me.GetProperty("role").GetString());
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users/me")).StatusCode);
        using var forged = host.CreateClient(customer.Tokens.AccessToken[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_customer_reads_and_updates_their_own_profile()
    {
        var customer = await host.NewCustomerAsync("self");

        var read = await (await customer.Http.GetAsync($"/api/users/{customer.Id}")).JsonAsync();
        Assert.Equal(customer.Username, read.GetProperty("username").GetString());
        var newEmail = MoreShop.UniqueWord("moved") + "@example.com";
        var updated = await (await customer.Http.PutAsJsonAsync($"/api/users/{customer.Id}",
            new { email = newEmail, fullName = "Ada King", phone = "+44 20 7946 0000", address = "12 St James's Square, London" })).JsonAsync();

        Assert.Equal("Ada King", updated.GetProperty("fullName").GetString());
        var me = await (await customer.Http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal(newEmail, me.GetProperty("email").GetString());
        Assert.Equal("Ada King", me.GetProperty("fullName").GetString());
        Assert.Equal("+44 20 7946 0000", me.GetProperty("phone").GetString());
        Assert.Equal("12 St James's Square, London", me.GetProperty("address").GetString());
        // The new address is the one to log in with.
        await host.LoginAsync(newEmail, customer.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostLoginAsync(new() { ["email"] = customer.Email, ["password"] = customer.Password })).StatusCode);
    }

    [Fact]
    public async Task Changing_to_an_email_someone_else_has_is_a_conflict_and_changes_nothing()
    {
        var customer = await host.NewCustomerAsync("keeper");
        var other = await host.NewCustomerAsync("holder");

        var response = await customer.Http.PutAsJsonAsync($"/api/users/{customer.Id}", new { email = other.Email, fullName = "Should Not Stick" });

        await response.ProblemAsync(HttpStatusCode.Conflict);
        var me = await (await customer.Http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal(customer.Email, me.GetProperty("email").GetString());
        Assert.Equal("Test Shopper", me.GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task An_admin_reads_updates_and_deletes_any_customer()
    {
        var customer = await host.NewCustomerAsync("managed");
        using var admin = await host.AdminAsync();

        var read = await (await admin.GetAsync($"/api/users/{customer.Id}")).JsonAsync();
        Assert.Equal(customer.Email, read.GetProperty("email").GetString());
        await (await admin.PutAsJsonAsync($"/api/users/{customer.Id}", new { fullName = "Renamed By Admin" })).JsonAsync();
        var me = await (await customer.Http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal("Renamed By Admin", me.GetProperty("fullName").GetString());

        var deleted = await admin.DeleteAsync($"/api/users/{customer.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await admin.GetAsync($"/api/users/{customer.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = customer.Password })).StatusCode);
    }

    [Fact]
    public async Task Another_customer_can_neither_read_change_nor_delete_someone_elses_profile()
    {
        var owner = await host.NewCustomerAsync("owner");
        var intruder = await host.NewCustomerAsync("intruder");

        await (await intruder.Http.GetAsync($"/api/users/{owner.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await intruder.Http.PutAsJsonAsync($"/api/users/{owner.Id}", new { fullName = "Hijacked", email = MoreShop.UniqueWord("evil") + "@example.com" }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await intruder.Http.DeleteAsync($"/api/users/{owner.Id}")).ProblemAsync(HttpStatusCode.Forbidden);

        var me = await (await owner.Http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal("Test Shopper", me.GetProperty("fullName").GetString());
        Assert.Equal(owner.Email, me.GetProperty("email").GetString());
        await host.LoginAsync(owner.Username, owner.Password);
    }

    [Fact]
    public async Task A_customer_cannot_make_themselves_an_admin()
    {
        var customer = await host.NewCustomerAsync("climber");

        var response = await customer.Http.PutAsJsonAsync($"/api/users/{customer.Id}", new { role = "admin", fullName = "Would Be Admin" });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await customer.Http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal("customer", me.GetProperty("role").GetString());
        Assert.Equal("Test Shopper", me.GetProperty("fullName").GetString());
        var fresh = await host.LoginAsync(customer.Username, customer.Password);
        using var http = host.CreateClient(fresh.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task An_admin_can_promote_a_customer_who_then_acts_as_an_admin()
    {
        var customer = await host.NewCustomerAsync("promoted");
        using var admin = await host.AdminAsync();

        var updated = await (await admin.PutAsJsonAsync($"/api/users/{customer.Id}", new { role = "admin" })).JsonAsync();

        Assert.Equal("admin", updated.GetProperty("role").GetString());
        var fresh = await host.LoginAsync(customer.Username, customer.Password);
        using var http = host.CreateClient(fresh.AccessToken);
        var users = await (await http.GetAsync($"/api/users?q={customer.Username}")).JsonAsync();
        Assert.Equal(1, users.GetProperty("totalCount").GetInt32());
        await (await admin.PutAsJsonAsync($"/api/users/{customer.Id}", new { role = "superuser" })).ValidationProblemAsync("role");
        var me = await (await http.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_deleted_account_cannot_log_in_or_refresh_and_disappears_from_lists()
    {
        var customer = await host.NewCustomerAsync("leaver");
        using var admin = await host.AdminAsync();

        var deleted = await customer.Http.DeleteAsync($"/api/users/{customer.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await host.PostLoginAsync(new() { ["username"] = customer.Username, ["password"] = customer.Password })).ProblemAsync(HttpStatusCode.Unauthorized);
        using var anonymous = host.CreateClient();
        await (await anonymous.PostAsJsonAsync("/api/users/refresh", new { refreshToken = customer.Tokens.RefreshToken })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.GetAsync($"/api/users/{customer.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        var list = await (await admin.GetAsync($"/api/users?q={customer.Username}")).JsonAsync();
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(JsonValueKind.Array, list.GetProperty("items").ValueKind);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        await (await customer.Http.GetAsync("/api/users/me")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class UserProfileTests(BazaarHost host) : UserProfileScenarios(host);
