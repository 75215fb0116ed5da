using Xunit.Sdk;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for an asynchronous outcome (an event handled, an e-mail written). The bound only stops a broken
/// build from hanging; it is not a speed assertion.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? DefaultBound);
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"Still waiting for {what} after {(bound ?? DefaultBound).TotalSeconds} s.");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> read, Func<T, bool> accept, string what, TimeSpan? bound = null)
    {
        T? last = default;
        await TrueAsync(async () =>
        {
            last = await read();
            return last is not null && accept(last);
        }, what, bound);
        return last!;
    }
}
