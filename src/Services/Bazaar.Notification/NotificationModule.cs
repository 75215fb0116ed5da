using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;
using Bazaar.Notification.Delivery;
using Bazaar.Notification.Notifications;
using Bazaar.Notification.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Notification;

public static class NotificationModule
{
    public static ServiceModule Module { get; } = new(
        "notification",
        builder =>
        {
            var options = builder.Configuration.GetSection("Bazaar:Notification").Get<NotificationOptions>() ?? new NotificationOptions();
            if (options.AdminRecipients.Count == 0)
            {
                options.AdminRecipients.Add(builder.Configuration["Bazaar:Admin:Email"] is { Length: > 0 } admin ? admin.Trim() : NotificationOptions.DefaultAdminEmail);
            }
            options.Validate();
            builder.Services.AddSingleton(options);
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
                .AddEventHandler<NotificationDbContext, PasswordResetRequested, NotifyCustomerHandlers>()
                .AddEventHandler<NotificationDbContext, AnomalyDetected, NotifyAdminsHandlers>();
        },
        (services, cancellationToken) => services.MigrateAsync<NotificationDbContext>(cancellationToken),
        app => app.MapNotificationsApi());
}
