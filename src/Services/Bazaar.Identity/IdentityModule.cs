using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Identity.Keys;
using Bazaar.Identity.PasswordReset;
using Bazaar.Identity.Sessions;
using Bazaar.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Identity;

public static class IdentityModule
{
    public static ServiceModule Module { get; } = new(
        "identity",
        builder =>
        {
            var options = builder.Configuration.GetSection("Bazaar:Identity").Get<IdentityOptions>() ?? new IdentityOptions();
            builder.Services.AddSingleton(options);
            builder.AddServiceDbContext<IdentityDbContext>();
            builder.Services.Configure<PasswordHasherOptions>(o =>
            {
                o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
                o.IterationCount = options.PasswordHashIterations;
            });
            builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
            builder.Services.AddSingleton<TokenIssuer>();
        },
        async (services, cancellationToken) =>
        {
            await services.MigrateAsync<IdentityDbContext>(cancellationToken);
            await AdminAccount.EnsureAsync(services, cancellationToken);
        },
        app => app.MapUsersApi().MapSessionsApi().MapPasswordResetApi().MapKeysApi());
}
