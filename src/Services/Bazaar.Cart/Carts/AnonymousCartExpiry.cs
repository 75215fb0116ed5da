using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Cart.Carts;

/// <summary>Deletes anonymous carts left untouched longer than their lifetime (30 days by default).</summary>
public sealed partial class AnonymousCartExpiry(IServiceScopeFactory scopes, CartOptions options, TimeProvider time, ILogger<AnonymousCartExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpirySweepInterval, time);
        do
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CartDbContext>();
        var cutoff = time.GetUtcNow() - options.AnonymousCartLifetime;
        return await db.Carts.Where(c => c.UserId == null && c.UpdatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Anonymous cart expiry failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
