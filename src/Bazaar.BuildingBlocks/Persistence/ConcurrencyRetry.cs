using Microsoft.EntityFrameworkCore;

namespace Bazaar.BuildingBlocks.Persistence;

/// <summary>
/// Runs a read-modify-save step again when a concurrent request changed the same rows first (a version
/// check or a unique index failed), starting over from a clean change tracker each time.
/// </summary>
public static class ConcurrencyRetry
{
    public static Task<T> RunAsync<T>(DbContext db, Func<Task<T>> attempt, int attempts = 8) =>
        RunAsync(attempt, ex => ex is DbUpdateException, db.ChangeTracker.Clear, attempts);

    /// <summary>The same for a store other than EF Core: it says which failures are conflicts and how to forget what it read.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> attempt, Func<Exception, bool> isConflict, Action startOver, int attempts = 8)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (i < attempts && isConflict(ex))
            {
                startOver();
                await Task.Delay(Random.Shared.Next(1, 5 * i));
            }
        }
    }
}
