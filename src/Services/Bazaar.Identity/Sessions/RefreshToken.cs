namespace Bazaar.Identity.Sessions;

/// <summary>
/// A refresh token, stored as a hash. Tokens issued from one login form a family: presenting a token that
/// was already rotated means it leaked, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string FamilyId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
