using System.Security.Cryptography;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.Identity.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.Identity.Sessions;

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

/// <summary>Issues the RS256 access token and a new refresh token of a family.</summary>
public sealed class TokenIssuer(SigningKeyRing keys, AuthOptions options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public TokenResponse Issue(User user, string familyId, IdentityDbContext db)
    {
        var now = time.GetUtcNow();
        var accessToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = keys.SigningCredentials,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Id,
                ["name"] = user.Username,
                ["email"] = user.Email,
                ["role"] = user.Role,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        });

        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = now + options.RefreshTokenLifetime,
        });
        return new TokenResponse(accessToken, refreshToken, (int)options.AccessTokenLifetime.TotalSeconds, "Bearer");
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
