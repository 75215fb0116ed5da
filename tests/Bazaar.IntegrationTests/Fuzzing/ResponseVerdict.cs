using System.Text.RegularExpressions;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>What is wrong with a response to any request, however bad the request was.</summary>
public static partial class ResponseVerdict
{
    /// <summary>Text that only a stack trace, an exception message or a leaked file carries.</summary>
    private static readonly string[] LeakMarkers =
    [
        "   at ", ".cs:line", "Exception:", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.", "Microsoft.Data.Sqlite", "SQLite Error",
        "Npgsql", "root:x:0:0",
    ];

    /// <summary>A .NET type name such as System.Text.Json.JsonException or System.InvalidOperationException.</summary>
    [GeneratedRegex(@"\bSystem\.[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)*\b")]
    private static partial Regex DotNetTypeName();

    /// <returns>Why the response is wrong, or null when it is acceptable.</returns>
    public static string? Problem(int status, string? mediaType, string body)
    {
        if (status >= 500)
        {
            return $"server error {status}";
        }
        var leak = LeakMarkers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) ?? DotNetTypeName().Match(body) switch
        {
            { Success: true } match => match.Value,
            _ => null,
        };
        if (leak is not null)
        {
            return $"{status} leaks internals ('{leak}')";
        }
        // A framework refusal (401 from the bearer handler, 413 from Kestrel) may come without a body; one with a body
        // must be a problem document.
        if (status is >= 400 and < 500 && body.Length > 0 && mediaType != "application/problem+json")
        {
            return $"{status} answered as '{mediaType}', not application/problem+json";
        }
        return null;
    }
}
