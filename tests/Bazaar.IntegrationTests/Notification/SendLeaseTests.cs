using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.Notification;
using Bazaar.Notification.Delivery;
using Bazaar.Notification.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.IntegrationTests.Notification;

/// <summary>A message claimed by a sender that died before recording the outcome is neither lost nor sent while still leased.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class SendLeaseTests(BazaarHost host)
{
    [Fact]
    public async Task A_message_whose_sender_died_mid_send_goes_out_when_its_lease_ends_and_a_leased_one_waits()
    {
        var now = DateTimeOffset.UtcNow;
        var abandoned = Leased($"abandoned-{Guid.NewGuid():N}@example.com", leaseEnd: now.AddSeconds(-1));
        var held = Leased($"held-{Guid.NewGuid():N}@example.com", leaseEnd: now.AddHours(1));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
            db.Notifications.AddRange(abandoned, held);
            await db.SaveChangesAsync();
        }

        await host.Services.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);

        var mail = await host.WaitForMailAsync(abandoned.Recipient, "custom");
        Assert.Equal($"{abandoned.Id}@bazaar", mail.MessageId);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
            var resent = await Eventually.ValueAsync(
                () => db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == abandoned.Id), n => n.Status == NotificationStatus.Sent, "the abandoned message to be recorded sent");
            Assert.Equal(2, resent.Attempts);
            var stillHeld = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == held.Id);
            Assert.Equal(NotificationStatus.Sending, stillHeld.Status);
            Assert.Equal(1, stillHeld.Attempts);
        }
        Assert.Empty(host.Mails(held.Recipient));
    }

    private static Bazaar.Notification.Notifications.Notification Leased(string recipient, DateTimeOffset leaseEnd) => new()
    {
        Template = "custom",
        Recipient = recipient,
        Subject = "Lease test",
        Body = "<p>Lease test</p>",
        Status = NotificationStatus.Sending,
        Attempts = 1,
        CreatedAt = leaseEnd.AddMinutes(-5),
        NextAttemptAt = leaseEnd,
    };
}
