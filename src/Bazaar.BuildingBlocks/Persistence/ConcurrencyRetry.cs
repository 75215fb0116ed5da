using Microsoft.EntityFrameworkCore;

namespace Bazaar.BuildingBlocks.Persistence;

/// <summary>
/// Runs a read-modify-save step again when a concurrent request changed the same rows first (a version
/// check or a unique index failed), starting over from a clean change tracker each time.
/// </summary>
public static class ConcurrencyRetry
{
    public static async Task<T> RunAsync<T>(DbContext db, Func<Task<T>> attempt, int attempts = 8)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateException) when (i < attempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(1, 5 * i));
            }
        }
    }
}
