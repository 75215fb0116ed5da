using Bazaar.BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Cart.Carts;

/// <summary>Deletes anonymous carts left untouched longer than their lifetime (30 days by default).</summary>
public sealed class AnonymousCartExpiry(IServiceScopeFactory scopes, CartOptions options, TimeProvider time, ILogger<AnonymousCartExpiry> logger)
    : PeriodicSweep(options.ExpirySweepInterval, time, logger)
{
    protected override async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CartDbContext>();
        var cutoff = Time.GetUtcNow() - options.AnonymousCartLifetime;
        await db.Carts.Where(c => c.UserId == null && c.UpdatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
