using System.Text.Json;

namespace Bazaar.Identity.Users;

public sealed record RegisterRequest(string? Username, string? Email, string? Password, string? FullName, string? Phone, JsonElement? Address);

public sealed record UpdateUserRequest(string? Email, string? FullName, string? Phone, JsonElement? Address, string? Role);

public sealed record UserResponse(
    string Id, string Username, string Email, string? FullName, string? Phone, JsonElement? Address,
    string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserResponse From(User user) => new(
        user.Id, user.Username, user.Email, user.FullName, user.Phone,
        user.AddressJson is null ? null : JsonDocument.Parse(user.AddressJson).RootElement.Clone(),
        user.Role, user.CreatedAt, user.UpdatedAt);
}
