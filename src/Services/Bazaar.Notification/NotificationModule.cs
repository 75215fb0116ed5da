using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;
using Bazaar.Notification.Delivery;
using Bazaar.Notification.Notifications;
using Bazaar.Notification.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Notification;

public static class NotificationModule
{
    public static ServiceModule Module { get; } = new(
        "notification",
        builder =>
        {
            builder.Services.AddSingleton(builder.Configuration.GetSection("Bazaar:Notification").Get<NotificationOptions>() ?? new NotificationOptions());
            builder.AddServiceDbContext<NotificationDbContext>();
            builder.Services.AddSingleton<EmailTemplates>();
            builder.Services.AddSingleton<NotificationSignal>();
            builder.Services.AddSingleton<MailDelivery>();
            builder.Services.AddScoped<NotificationWriter>();
            builder.Services.AddSingleton<NotificationDispatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
            builder.Services
                .AddEventHandler<NotificationDbContext, OrderConfirmed, NotifyCustomerHandlers>()
                .AddEventHandler<NotificationDbContext, OrderCancelled, NotifyCustomerHandlers>()
                .AddEventHandler<NotificationDbContext, OrderShipped, NotifyCustomerHandlers>()
                .AddEventHandler<NotificationDbContext, OrderDelivered, NotifyCustomerHandlers>()
                .AddEventHandler<NotificationDbContext, PasswordResetRequested, NotifyCustomerHandlers>();
        },
        async (services, cancellationToken) =>
        {
            await services.MigrateAsync<NotificationDbContext>(cancellationToken);
            // A message caught mid-send by a crash is sent again: SMTP delivery is at-least-once.
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notifications
                .Where(n => n.Status == NotificationStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Pending), cancellationToken);
        },
        app => app.MapNotificationsApi());
}
