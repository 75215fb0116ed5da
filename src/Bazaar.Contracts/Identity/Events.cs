namespace Bazaar.Contracts.Identity;

public sealed record UserRegistered(string UserId, string Username, string Email, string? FullName);

/// <summary>Carries the one-time token so the notification service can e-mail it; identity stores only its hash.</summary>
public sealed record PasswordResetRequested(string UserId, string Email, string? FullName, string Token, DateTimeOffset ExpiresAt);

public sealed record UserDeleted(string UserId);
