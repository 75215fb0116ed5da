using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Xunit;

namespace Bazaar.IntegrationTests.Notification;

/// <summary>Runs on both shapes: <see cref="NotificationTests"/> here, and again in the distributed tests.</summary>
public abstract class NotificationScenarios(ShopUnderTest host)
{
    private static async Task<List<JsonElement>> NotificationsAsync(HttpClient http, string query = "")
    {
        var page = await (await http.GetAsync($"/api/notifications?pageSize=100{query}")).JsonAsync();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task<Customer> BuyerAsync(string name, string productId)
    {
        var customer = await host.NewCustomerAsync(name);
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        await host.WaitForMailAsync(customer.Email, "order-confirmed");
        return customer;
    }

    [Fact]
    public async Task A_customer_sees_their_own_notifications_and_nobody_elses()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var alice = await BuyerAsync("alice", productId);
        var bob = await BuyerAsync("bob", productId);

        foreach (var (customer, other) in new[] { (alice, bob), (bob, alice) })
        {
            foreach (var query in new[] { "", $"&userId={other.Id}" })
            {
                var mine = await NotificationsAsync(customer.Http, query);
                Assert.Contains(mine, n => n.GetProperty("template").GetString() == "order-confirmed");
                Assert.All(mine, n =>
                {
                    Assert.Equal(customer.Id, n.GetProperty("userId").GetString());
                    Assert.Equal(customer.Email, n.GetProperty("recipient").GetString());
                });
            }
        }
    }

    [Fact]
    public async Task An_admin_sees_every_customers_notifications_and_filters_them_by_customer()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var alice = await BuyerAsync("alice", productId);
        var bob = await BuyerAsync("bob", productId);
        using var admin = await host.AdminAsync();

        foreach (var customer in new[] { alice, bob })
        {
            var seenByAdmin = await NotificationsAsync(admin, $"&userId={customer.Id}");
            var seenByOwner = await NotificationsAsync(customer.Http);
            Assert.Contains(seenByAdmin, n => n.GetProperty("template").GetString() == "order-confirmed");
            Assert.All(seenByAdmin, n => Assert.Equal(customer.Id, n.GetProperty("userId").GetString()));
            Assert.Equal(seenByOwner.Select(n => n.GetProperty("id").GetString()).Order(), seenByAdmin.Select(n => n.GetProperty("id").GetString()).Order());
        }
        var all = await (await admin.GetAsync("/api/notifications")).JsonAsync();
        var aliceCount = (await NotificationsAsync(alice.Http)).Count;
        var bobCount = (await NotificationsAsync(bob.Http)).Count;
        Assert.True(all.GetProperty("totalCount").GetInt32() >= aliceCount + bobCount);
        await Eventually.TrueAsync(async () => (await NotificationsAsync(admin, $"&userId={alice.Id}&status=sent"))
            .Any(n => n.GetProperty("template").GetString() == "order-confirmed"), "alice's confirmation to be listed as sent");
    }

    [Fact]
    public async Task An_admin_sends_a_custom_email_that_is_queued_then_delivered()
    {
        var customer = await host.NewCustomerAsync("reader");
        using var admin = await host.AdminAsync();
        const string subject = "A thank-you from Bazaar";

        var queued = await (await admin.PostAsJsonAsync("/api/notifications/send",
            new { userId = customer.Id, to = customer.Email, subject, body = "Thanks for shopping.\nHere is 10% off." })).JsonAsync(HttpStatusCode.Accepted);

        Assert.Equal("custom", queued.GetProperty("template").GetString());
        Assert.Equal(customer.Email, queued.GetProperty("recipient").GetString());
        var mail = await host.WaitForMailAsync(customer.Email, "custom");
        Assert.Equal(subject, mail.Subject);
        Assert.Contains("Here is 10% off.", mail.HtmlBody, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await NotificationsAsync(customer.Http))
            .Any(n => n.GetProperty("id").GetString() == queued.GetProperty("id").GetString() && n.Status() == "sent"),
            "the custom e-mail to be listed as sent to its customer");
    }

    [Fact]
    public async Task Only_admins_send_custom_emails_and_an_invalid_one_is_rejected_without_queueing_anything()
    {
        var customer = await host.NewCustomerAsync("spammer");
        using var admin = await host.AdminAsync();

        var byCustomer = await customer.Http.PostAsJsonAsync("/api/notifications/send",
            new { userId = customer.Id, to = customer.Email, subject = "Free money", body = "Click here." });
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        await (await admin.PostAsJsonAsync("/api/notifications/send",
            new { userId = customer.Id, to = "not-an-address", subject = "Hello", body = "Hi." })).ValidationProblemAsync("to");
        await (await admin.PostAsJsonAsync("/api/notifications/send",
            new { userId = customer.Id, to = customer.Email, body = "No subject." })).ValidationProblemAsync("subject");

        Assert.Empty(await NotificationsAsync(admin, $"&userId={customer.Id}"));
        Assert.Empty(await NotificationsAsync(customer.Http));
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class NotificationTests(BazaarHost host) : NotificationScenarios(host);
