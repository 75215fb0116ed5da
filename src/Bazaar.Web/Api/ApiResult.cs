using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Bazaar.Web.Api;

/// <summary>What the API said no with: its problem document, reduced to what a page shows.</summary>
public sealed record ApiProblem(HttpStatusCode Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The sentence a page shows: the detail when the API gave one, else the title.</summary>
    public string Message => string.IsNullOrWhiteSpace(Detail) ? Title : Detail;

    /// <summary>The messages about one field, whichever way the API spelt its name.</summary>
    public IEnumerable<string> For(string field) =>
        Errors.Where(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase) || e.Key.EndsWith("." + field, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Value);

    public static ApiProblem Unavailable { get; } = new(HttpStatusCode.ServiceUnavailable, "The shop is busy right now.", "Please try again in a moment.", new Dictionary<string, string[]>());

    /// <summary>The API answered, but not with the document the page expects (a service of another version, say).</summary>
    public static ApiProblem Unexpected { get; } = new(HttpStatusCode.BadGateway, "The shop answered something this page cannot read.", null, new Dictionary<string, string[]>());
}

/// <summary>An API answer: a value, or the problem that stopped it.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Ok => Problem is null;

    public static implicit operator ApiResult<T>(ApiProblem problem) => new(default, problem);
}
