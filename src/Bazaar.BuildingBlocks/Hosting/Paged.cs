namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>The shape of every paginated list in the API.</summary>
public record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>Page and size as asked, or the validation errors that reject them.</summary>
    public static (int Page, int PageSize) Normalize(int? page, int? pageSize, Validation validation, int defaultSize = 20)
    {
        var p = page ?? 1;
        var size = pageSize ?? defaultSize;
        validation.Check(p is >= 1 and <= 100_000, "page", "Must be between 1 and 100000.");
        validation.Check(size is >= 1 and <= MaxPageSize, "pageSize", $"Must be between 1 and {MaxPageSize}.");
        return (p, size);
    }
}
