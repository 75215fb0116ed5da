namespace Bazaar.Identity.Users;

public sealed class User
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public required string Username { get; set; }
    public required string NormalizedUsername { get; set; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public required string PasswordHash { get; set; }
    public string? FullName { get; set; }
    public string? Phone { get; set; }

    /// <summary>The address as the client sent it (a line of text or an object), kept as JSON.</summary>
    public string? AddressJson { get; set; }

    public string Role { get; set; } = Bazaar.BuildingBlocks.Auth.Roles.Customer;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public int FailedLoginCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}
