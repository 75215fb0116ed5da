using System.Security.Claims;

namespace Bazaar.BuildingBlocks.Auth;

public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";

    /// <summary>The authorization policy name that admits admins only.</summary>
    public const string AdminPolicy = "admin";
}

public static class ClaimsPrincipalExtensions
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("The caller is not authenticated.");

    public static string? UserIdOrNull(this ClaimsPrincipal user) => user.FindFirstValue("sub");

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue("email") ?? "";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>The caller may see or change what belongs to <paramref name="ownerId"/>.</summary>
    public static bool MayAccess(this ClaimsPrincipal user, string ownerId) => user.IsAdmin() || user.UserIdOrNull() == ownerId;
}
