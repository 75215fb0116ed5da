namespace Bazaar.BuildingBlocks.Persistence;

public static class ServiceNames
{
    /// <summary>The owning service of a type, by the convention that service code lives in <c>Bazaar.&lt;Service&gt;</c>.</summary>
    public static string Of<T>() => Of(typeof(T));

    public static string Of(Type type)
    {
        var parts = (type.Namespace ?? "").Split('.');
        return parts.Length >= 2 && parts[0] == "Bazaar"
            ? parts[1].ToLowerInvariant()
            : throw new ArgumentException($"{type} is not in a Bazaar.<Service> namespace.", nameof(type));
    }
}
