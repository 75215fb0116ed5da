using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bazaar.Bench.Reporting;

/// <summary>
/// The harness parses exactly one JSON line from stdout, so everything meant for a person watching the run goes
/// to stderr and can never be mistaken for the result.
/// </summary>
public static class Report
{
    // Readable quotes and accents in messages; the line is read by a JSON parser, never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    public static void Result<T>(T result)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
        Console.Out.Flush();
    }
}

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run found a correctness violation (a duplicate order, a broken invariant).</summary>
    public const int Violation = 1;

    /// <summary>Bad arguments, or the shop or a server could not be set up for the run.</summary>
    public const int Setup = 2;
}

/// <summary>The one line printed when there is no result: the harness always has a line to parse.</summary>
public sealed record ErrorResult(string Error);
