using System.IO.Hashing;
using System.Runtime.InteropServices;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Windows;

// Cost. Ingesting an event is O(L) for an order of L lines: one XxHash128 of the event id, and hash look-ups for the
// window (skipped when it is the same as the last event's), the id's fingerprint, the currency, each line's product
// and the shipping region. Nothing is allocated once a window's tables hold the keys it sees: retired windows are
// recycled with their capacity, and a new window's id table is sized from the window before it. The rest happens when
// the watermark crosses a window boundary, about once per window: closing sorts each closing window's tables
// (O(K log K) in its distinct keys) and each sliding view merges SlidingViewSize / WindowSize windows. A late event
// costs one result for its window and one per sliding view containing it (up to SlidingViewSize / SlidingViewStep).
// Memory is O(distinct keys + event ids) per window, windows being kept until CorrectionHorizon (ids) plus
// SlidingViewSize (figures) after they close; an id costs some 30 bytes.

/// <summary>
/// Event-time tumbling windows over the order stream, with a sliding view built from them. The watermark trails the
/// latest event time seen by <see cref="AnalyticsOptions.AllowedLateness"/>; a window closes, and is published, when
/// the watermark reaches its end. An event whose window has closed corrects it: the window is published again with the
/// next revision, as is every published sliding view containing it. Within each window an event id counts once.
/// </summary>
/// <remarks>
/// Deterministic: results and checkpoints depend only on the events and their order, never on the clock, on hash
/// seeds or on the order of a table, so a run restored from a checkpoint, or a replay from the start, publishes the
/// same results, to the byte. Duplicates are recognised by a 128-bit XxHash fingerprint of the event id (two ids
/// colliding is a 2^-128 chance per pair), kept per window until the window is past the correction horizon; a
/// duplicate of an event older than that is counted as late and dropped like any other event that late. Not thread-safe.
/// </remarks>
public sealed class WindowEngine
{
    private const int CheckpointFormat = 2;
    private const long NoWatermark = long.MinValue;
    private const int SpareWindows = 4;

    private readonly TimeSpan _windowSize;
    private readonly long _windowTicks;
    private readonly long _latenessTicks;
    private readonly long _horizonTicks;
    private readonly long _viewTicks;
    private readonly long _stepTicks;
    private readonly long _latestEventTicks;
    private readonly int _top;

    /// <summary>Every window kept, open or closed, by index.</summary>
    private readonly Dictionary<long, WindowAggregate> _windows = [];

    /// <summary>Windows ending after the watermark, by index; rarely more than two.</summary>
    private readonly List<WindowAggregate> _open = [];

    /// <summary>Closed windows kept for corrections and sliding views, by index; all of them come before the open ones.</summary>
    private readonly List<WindowAggregate> _closed = [];

    /// <summary>Published sliding views a correction can still change, by end.</summary>
    private readonly List<(long End, int Revision)> _views = [];

    private readonly Stack<WindowAggregate> _spare = new();
    private readonly WindowAggregate _scratch = new();
    private WindowAggregate? _current;
    private long _watermark = NoWatermark;

    /// <summary>The first window boundary after the watermark: until the watermark reaches it, no window closes.</summary>
    private long _nextBoundary = NoWatermark;

    /// <summary>How many ids the last window to close counted: the next window's id table starts that big.</summary>
    private int _expectedEventsPerWindow;

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="AnalyticsOptions.Validate"/>).</exception>
    public WindowEngine(AnalyticsOptions options)
    {
        options.Validate();
        _windowSize = options.WindowSize;
        _windowTicks = options.WindowSize.Ticks;
        _latenessTicks = options.AllowedLateness.Ticks;
        _horizonTicks = options.CorrectionHorizon.Ticks;
        _viewTicks = options.SlidingViewSize.Ticks;
        _stepTicks = options.SlidingViewStep.Ticks;
        _top = options.TopProducts;
        // Room after the last event for its window, and the sliding views after it, to be dated.
        _latestEventTicks = DateTimeOffset.MaxValue.UtcTicks - 2 * (_windowTicks + _viewTicks + _stepTicks);
    }

    /// <summary>Sequence of the last event ingested: the consumer resumes after it.</summary>
    public long Position { get; private set; }

    /// <summary>Null before the first event.</summary>
    public DateTimeOffset? Watermark => _watermark == NoWatermark ? null : At(_watermark);

    /// <summary>Events that came after their window had closed (corrections and dropped events).</summary>
    public long LateEvents { get; private set; }

    /// <summary>Late events whose window was past the correction horizon: not counted anywhere.</summary>
    public long DroppedEvents { get; private set; }

    public long DuplicateEvents { get; private set; }

    public long RejectedEvents { get; private set; }

    /// <summary>
    /// Counts one event, moves the watermark, and adds to <paramref name="published"/> what that publishes: windows the
    /// watermark closed (then sliding views ending where it passed), or a late event's correction (then the corrected
    /// sliding views), each in time order.
    /// </summary>
    public IngestOutcome Ingest(in OrderStreamEvent streamEvent, List<WindowResult> published)
    {
        Position = streamEvent.Sequence;
        var relevance = WindowAggregate.Classify(streamEvent.Data);
        var time = streamEvent.Time.UtcTicks;
        if (relevance == EventRelevance.Malformed
            || time > _latestEventTicks
            || (relevance == EventRelevance.Counted && string.IsNullOrEmpty(streamEvent.EventId)))
        {
            RejectedEvents++;
            return IngestOutcome.Rejected;
        }

        var outcome = relevance == EventRelevance.Counted ? Count(streamEvent, time, published) : IngestOutcome.Ignored;

        var watermark = Math.Max(time - _latenessTicks, 0);
        if (watermark > _watermark)
        {
            if (watermark >= _nextBoundary)
            {
                Advance(watermark, published);
            }
            else
            {
                _watermark = watermark;
            }
        }
        return outcome;
    }

    /// <summary>The open windows' figures so far, as revision 0, by start.</summary>
    public IReadOnlyList<WindowResult> PreviewOpenWindows()
    {
        var previews = new List<WindowResult>(_open.Count);
        foreach (var window in _open)
        {
            previews.Add(Result(window));
        }
        return previews;
    }

    /// <summary>A snapshot of the whole state, to store in the same transaction as whatever was published up to <see cref="Position"/>.</summary>
    public Checkpoint CreateCheckpoint()
    {
        var windows = new List<WindowState>(_closed.Count + _open.Count);
        foreach (var window in _closed)
        {
            windows.Add(window.ToState(At(StartOf(window.Index))));
        }
        foreach (var window in _open)
        {
            windows.Add(window.ToState(At(StartOf(window.Index))));
        }
        var views = new List<SlidingViewRevision>(_views.Count);
        foreach (var (end, revision) in _views)
        {
            views.Add(new SlidingViewRevision(At(end), revision));
        }
        return new Checkpoint(
            CheckpointFormat, Position, _windowSize, Watermark,
            LateEvents, DroppedEvents, DuplicateEvents, RejectedEvents, windows, views);
    }

    /// <summary>An engine in the state <paramref name="checkpoint"/> recorded; feed it the events after its <see cref="Position"/>.</summary>
    /// <exception cref="ArgumentException">The checkpoint is of another format or window size, or is inconsistent.</exception>
    public static WindowEngine Restore(AnalyticsOptions options, Checkpoint checkpoint)
    {
        var engine = new WindowEngine(options);
        if (checkpoint.Format != CheckpointFormat)
        {
            throw new ArgumentException($"Analytics checkpoint format {checkpoint.Format} is not {CheckpointFormat}.", nameof(checkpoint));
        }
        if (checkpoint.WindowSize != options.WindowSize)
        {
            throw new ArgumentException(
                $"The checkpoint has {checkpoint.WindowSize} windows, not {options.WindowSize}: replay the stream to change the window size.",
                nameof(checkpoint));
        }
        engine.Position = checkpoint.Position;
        engine.LateEvents = checkpoint.LateEvents;
        engine.DroppedEvents = checkpoint.DroppedEvents;
        engine.DuplicateEvents = checkpoint.DuplicateEvents;
        engine.RejectedEvents = checkpoint.RejectedEvents;
        if (checkpoint.Watermark is { } watermark)
        {
            engine._watermark = watermark.UtcTicks;
            engine._nextBoundary = engine.BoundaryAfter(engine._watermark);
        }
        foreach (var state in checkpoint.Windows)
        {
            var window = WindowAggregate.FromState(state, engine._windowTicks);
            var open = engine.EndOf(window.Index) > engine._watermark;
            if (open != (window.Revision == 0) || !engine._windows.TryAdd(window.Index, window))
            {
                throw new ArgumentException($"The checkpoint's window starting {state.Start:O} does not fit its watermark, or is listed twice.", nameof(checkpoint));
            }
            InsertByIndex(open ? engine._open : engine._closed, window);
        }
        foreach (var view in checkpoint.SlidingViews)
        {
            engine._views.Add((view.End.UtcTicks, view.Revision));
        }
        engine._views.Sort();
        return engine;
    }

    private IngestOutcome Count(in OrderStreamEvent streamEvent, long time, List<WindowResult> published)
    {
        var index = time / _windowTicks;
        var fingerprint = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(streamEvent.EventId.AsSpan()));
        if (EndOf(index) <= _watermark)
        {
            return Correct(index, fingerprint, streamEvent.Data, published);
        }

        var window = _current is { } current && current.Index == index ? current : OpenWindow(index);
        if (!window.SeenEvents.Add(fingerprint))
        {
            DuplicateEvents++;
            return IngestOutcome.Duplicate;
        }
        window.Apply(streamEvent.Data);
        return IngestOutcome.Applied;
    }

    private IngestOutcome Correct(long index, UInt128 fingerprint, object data, List<WindowResult> published)
    {
        if (EndOf(index) <= _watermark - _horizonTicks)
        {
            LateEvents++;
            DroppedEvents++;
            return IngestOutcome.TooLate;
        }
        if (_windows.TryGetValue(index, out var window))
        {
            if (!window.SeenEvents.Add(fingerprint))
            {
                DuplicateEvents++;
                return IngestOutcome.Duplicate;
            }
        }
        else
        {
            // No event had come for this window before it closed, so it was never published: this is its revision 1.
            window = Rent(index, expectedEvents: 0);
            _windows.Add(index, window);
            InsertByIndex(_closed, window);
            window.SeenEvents.Add(fingerprint);
        }
        LateEvents++;
        window.Apply(data);
        window.LateEvents++;
        window.Revision++;
        published.Add(Result(window));

        // Sliding views the watermark has passed that contain this window.
        var lastEnd = Math.Min(StartOf(index) + _viewTicks, _watermark);
        for (var end = CeilingToStep(EndOf(index)); end <= lastEnd; end += _stepTicks)
        {
            published.Add(SlidingView(end, NextViewRevision(end)));
        }
        return IngestOutcome.Correction;
    }

    private WindowAggregate OpenWindow(long index)
    {
        if (!_windows.TryGetValue(index, out var window))
        {
            var expected = _expectedEventsPerWindow;
            foreach (var open in _open)
            {
                expected = Math.Max(expected, open.SeenEvents.Count);
            }
            window = Rent(index, expected);
            _windows.Add(index, window);
            InsertByIndex(_open, window);
        }
        _current = window;
        return window;
    }

    private WindowAggregate Rent(long index, int expectedEvents)
    {
        var window = _spare.Count > 0 ? _spare.Pop() : new WindowAggregate();
        window.Index = index;
        window.SeenEvents.EnsureCapacity(expectedEvents);
        return window;
    }

    private static void InsertByIndex(List<WindowAggregate> windows, WindowAggregate window)
    {
        var at = windows.Count;
        while (at > 0 && windows[at - 1].Index > window.Index)
        {
            at--;
        }
        windows.Insert(at, window);
    }

    private void Advance(long watermark, List<WindowResult> published)
    {
        var previous = _watermark;
        _watermark = watermark;
        _nextBoundary = BoundaryAfter(watermark);

        var closing = 0;
        while (closing < _open.Count && EndOf(_open[closing].Index) <= watermark)
        {
            var window = _open[closing++];
            window.Revision = 1;
            _expectedEventsPerWindow = window.SeenEvents.Count;
            _closed.Add(window);
            published.Add(Result(window));
        }
        _open.RemoveRange(0, closing);

        if (previous != NoWatermark)
        {
            PublishSlidingViews(previous, watermark, published);
        }
        Retire(watermark);
    }

    /// <summary>Publishes the sliding views ending after <paramref name="previous"/> and by <paramref name="watermark"/> that hold any window.</summary>
    private void PublishSlidingViews(long previous, long watermark, List<WindowResult> published)
    {
        var next = 0;
        var end = previous / _stepTicks * _stepTicks + _stepTicks;
        while (end <= watermark)
        {
            var start = end - _viewTicks;
            while (next < _closed.Count && StartOf(_closed[next].Index) < start)
            {
                next++;
            }
            if (next == _closed.Count)
            {
                return;
            }
            var firstEnd = EndOf(_closed[next].Index);
            if (firstEnd > end)
            {
                // Nothing in this view: skip to the first view that holds the next window, so a gap in the stream costs nothing.
                end = CeilingToStep(firstEnd);
                continue;
            }
            _views.Add((end, 1));
            published.Add(SlidingView(end, 1));
            end += _stepTicks;
        }
    }

    private int NextViewRevision(long end)
    {
        int low = 0, high = _views.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var found = _views[middle].End;
            if (found == end)
            {
                var revision = _views[middle].Revision + 1;
                _views[middle] = (end, revision);
                return revision;
            }
            if (found < end)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        // It held no window when the watermark passed it, so it was never published.
        _views.Insert(low, (end, 1));
        return 1;
    }

    /// <summary>
    /// A window ending at or before the watermark minus the horizon takes no more events, so its ids go; its figures stay
    /// while a sliding view that can still be corrected contains it. Views themselves go with the horizon.
    /// </summary>
    private void Retire(long watermark)
    {
        var correctable = watermark - _horizonTicks;
        var kept = correctable - (_viewTicks - _windowTicks);
        var retired = 0;
        while (retired < _closed.Count && EndOf(_closed[retired].Index) <= kept)
        {
            var window = _closed[retired++];
            _windows.Remove(window.Index);
            if (ReferenceEquals(_current, window))
            {
                _current = null;
            }
            window.Reset();
            if (_spare.Count < SpareWindows)
            {
                _spare.Push(window);
            }
        }
        _closed.RemoveRange(0, retired);

        for (var i = 0; i < _closed.Count && EndOf(_closed[i].Index) <= correctable; i++)
        {
            _closed[i].SeenEvents.Clear();
        }

        var views = 0;
        while (views < _views.Count && _views[views].End <= correctable)
        {
            views++;
        }
        _views.RemoveRange(0, views);
    }

    private WindowResult Result(WindowAggregate window) =>
        window.ToResult(WindowKind.Tumbling, At(StartOf(window.Index)), At(EndOf(window.Index)), window.Revision, _top);

    private WindowResult SlidingView(long end, int revision)
    {
        var start = Math.Max(end - _viewTicks, 0);
        _scratch.Reset();
        for (var index = start / _windowTicks; index < end / _windowTicks; index++)
        {
            if (_windows.TryGetValue(index, out var window))
            {
                _scratch.Merge(window);
            }
        }
        return _scratch.ToResult(WindowKind.Sliding, At(start), At(end), revision, _top);
    }

    private long StartOf(long index) => index * _windowTicks;

    private long EndOf(long index) => (index + 1) * _windowTicks;

    /// <remarks><paramref name="ticks"/> is never negative: the watermark is at least 0.</remarks>
    private long BoundaryAfter(long ticks) => ticks / _windowTicks * _windowTicks + _windowTicks;

    private long CeilingToStep(long ticks) => (ticks + _stepTicks - 1) / _stepTicks * _stepTicks;

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
