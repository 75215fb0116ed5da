using Bazaar.Analytics.Windows;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bazaar.UnitTests.Analytics;

public sealed class CheckpointScheduleTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CheckpointSchedule _schedule;

    public CheckpointScheduleTests() =>
        _schedule = new CheckpointSchedule(new AnalyticsOptions { CheckpointEveryEvents = 3, CheckpointInterval = TimeSpan.FromSeconds(10) }, _time);

    [Fact]
    public void A_checkpoint_is_due_after_the_configured_number_of_events()
    {
        Assert.False(_schedule.EventIngested());
        Assert.False(_schedule.EventIngested());
        Assert.True(_schedule.EventIngested());

        _schedule.CheckpointTaken();

        Assert.False(_schedule.IsDue);
        Assert.False(_schedule.EventIngested());
    }

    [Fact]
    public void A_checkpoint_is_due_when_the_interval_has_passed_and_an_event_came_in()
    {
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(_schedule.IsDue);

        _schedule.EventIngested();
        _schedule.CheckpointTaken();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_schedule.EventIngested());
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_schedule.IsDue);
    }
}
