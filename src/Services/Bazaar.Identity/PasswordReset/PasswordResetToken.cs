namespace Bazaar.Identity.PasswordReset;

/// <summary>A one-time password reset token, stored as a hash only.</summary>
public sealed class PasswordResetToken
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
