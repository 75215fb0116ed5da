namespace Bazaar.Identity;

/// <summary>Bound from <c>Bazaar:Identity</c>.</summary>
public sealed class IdentityOptions
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations; OWASP's 2023 floor is 210,000.</summary>
    public int PasswordHashIterations { get; set; } = 220_000;

    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan PasswordResetTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
