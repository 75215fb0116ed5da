namespace Bazaar.Analytics.Processing;

/// <summary>A wake-up for whoever waits on the next change: each <see cref="Next"/> completes at the next <see cref="Signal"/>.</summary>
public class Pulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Signal() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
