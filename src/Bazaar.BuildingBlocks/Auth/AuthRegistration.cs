using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.BuildingBlocks.Auth;

public static class AuthRegistration
{
    /// <summary>
    /// JWT bearer validation as every service does it: RS256 only, issuer, audience, lifetime and a
    /// signature from the identity service's key ring (local in the embedded shape, JWKS otherwise).
    /// </summary>
    public static IHostApplicationBuilder AddBazaarAuth(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Bazaar:Auth").Get<AuthOptions>() ?? new AuthOptions();
        var bazaar = builder.Configuration.GetSection("Bazaar").Get<BazaarOptions>() ?? new BazaarOptions();
        var ring = new SigningKeyRing(auth.KeyDirectory ?? bazaar.DataPath("keys"));
        builder.Services.AddSingleton(auth);
        builder.Services.AddSingleton(ring);

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "name",
                    RoleClaimType = "role",
                    // Only the key the token names: a token with an unknown or missing key id is not tried against
                    // every key the shop holds.
                    TryAllIssuerSigningKeys = false,
                };
                if (auth.Authority is { Length: > 0 } authority)
                {
                    options.Authority = authority;
                    options.RequireHttpsMetadata = authority.StartsWith("https", StringComparison.OrdinalIgnoreCase);
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, keyId, _) => ring.All.Where(key => key.KeyId == keyId);
                }
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return builder;
    }
}
