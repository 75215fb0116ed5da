using System.Diagnostics;
using System.Text;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Sends generated requests one at a time, judges every response, and catches any request that was refused yet changed
/// a database. Failures are collected, not thrown, so one run reports everything it found.
/// </summary>
public sealed class FuzzRun(HttpClient http, DatabaseVersions versions, ServerErrorLog serverErrors)
{
    /// <summary>Long enough for the outbox relay's poll (200 ms in tests) to have picked up anything left.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan QuietBound = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Refusals that record something on purpose: a failed login counts toward lockout, and a reused refresh token
    /// revokes its whole family.
    /// </summary>
    private static readonly HashSet<string> RecordsWhenRefused = ["POST /api/users/login", "POST /api/users/refresh"];

    private readonly Dictionary<string, int> _sent = [];
    private readonly Dictionary<string, int> _commits = [];
    private readonly Dictionary<string, SortedDictionary<int, int>> _statuses = [];
    private readonly List<Failure> _failures = [];
    private readonly Stopwatch _waiting = new();
    private readonly List<string> _otherServerErrors = [];

    public int Total { get; private set; }

    public int QuietWaits { get; private set; }

    public IReadOnlyList<Failure> Failures => _failures;

    public int SentTo(ApiOperation operation) => _sent.GetValueOrDefault(operation.Name);

    public async Task SendAsync(FuzzRequest request)
    {
        var operation = request.Operation.Name;
        _sent[operation] = _sent.GetValueOrDefault(operation) + 1;
        Total++;

        _otherServerErrors.AddRange(serverErrors.Take());
        var before = versions.Read();
        using var message = request.ToMessage(http.BaseAddress!);
        int status;
        string body;
        string? mediaType;
        try
        {
            using var response = await http.SendAsync(message);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _failures.Add(new Failure(operation, $"no response ({ex.GetType().Name})", request, ex.Message, serverErrors.Take()));
            await SettleAsync();
            return;
        }
        var changed = DatabaseVersions.Changed(before, versions.Read());
        var logged = serverErrors.Take();
        var statuses = _statuses.TryGetValue(operation, out var known) ? known : _statuses[operation] = [];
        statuses[status] = statuses.GetValueOrDefault(status) + 1;

        if (ResponseVerdict.Problem(status, mediaType, body) is { } problem)
        {
            _failures.Add(new Failure(operation, problem, request, body, logged));
        }
        else
        {
            _otherServerErrors.AddRange(logged);
        }
        if (status is >= 400 and < 500 && changed.Count > 0 && !RecordsWhenRefused.Contains(operation))
        {
            _failures.Add(new Failure(operation, $"refused with {status} yet changed {string.Join(", ", changed)}.db", request, body, []));
        }
        // Background work (relay, handlers, mail) only ever follows a commit, so a request that changed nothing set
        // nothing off, and the next one can go at once; after a commit, the next request waits for the shop to settle
        // so that nothing set off here is blamed on it.
        if (changed.Count > 0)
        {
            _commits[operation] = _commits.GetValueOrDefault(operation) + 1;
            await SettleAsync();
        }
    }

    private async Task SettleAsync()
    {
        QuietWaits++;
        _waiting.Start();
        if (!await versions.WaitUntilQuietAsync(Quiet, QuietBound))
        {
            _otherServerErrors.Add($"databases still changing {QuietBound.TotalSeconds} s after a request");
        }
        _waiting.Stop();
    }

    public string Statistics(IEnumerable<ApiOperation> operations)
    {
        var text = new StringBuilder();
        var all = _statuses.Values.SelectMany(s => s).GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Sum(s => s.Value)}");
        text.AppendLine($"{Total} requests; statuses {string.Join(", ", all)}");
        text.AppendLine($"{QuietWaits} waits for the shop to settle after a commit, {_waiting.Elapsed.TotalSeconds:F1} s in all");
        _otherServerErrors.AddRange(serverErrors.Take());
        text.AppendLine($"{_otherServerErrors.Count} errors logged by the server apart from failed requests:");
        foreach (var error in _otherServerErrors.Distinct().Take(20))
        {
            text.AppendLine("  " + FuzzRequest.Cut(error, 600));
        }
        foreach (var operation in operations)
        {
            var statuses = _statuses.GetValueOrDefault(operation.Name) ?? [];
            text.AppendLine($"  {SentTo(operation),5}  {operation.Name}  ({string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; {_commits.GetValueOrDefault(operation.Name)} changed something)");
        }
        return text.ToString();
    }

    /// <summary>
    /// The failures grouped by operation and kind, with one example each, at most <paramref name="lines"/> groups;
    /// <paramref name="detailed"/> adds the whole request and the exception the server logged.
    /// </summary>
    public string Report(int lines, bool detailed)
    {
        var groups = _failures.GroupBy(f => (f.Operation, f.What)).ToList();
        var text = new StringBuilder();
        text.AppendLine($"{_failures.Count} failures of {groups.Count} kinds in {Total} requests:");
        foreach (var group in groups.Take(lines))
        {
            var first = group.First();
            var request = detailed ? first.Request.Details() : first.Request.Summary();
            text.AppendLine($"{group.Count()}× {first.Operation}: {first.What}. E.g. {request} → {FuzzRequest.Cut(first.Response, 300)}");
            foreach (var cause in first.ServerErrors.Take(detailed ? 3 : 1))
            {
                text.AppendLine("    server logged: " + FuzzRequest.Cut(cause, detailed ? 1500 : 300));
            }
        }
        if (groups.Count > lines)
        {
            text.AppendLine($"… and {groups.Count - lines} more kinds.");
        }
        return text.ToString();
    }
}

public sealed record Failure(string Operation, string What, FuzzRequest Request, string Response, IReadOnlyList<string> ServerErrors);
