using Bazaar.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.Identity.Keys;

public sealed record JwkResponse(string Kty, string Use, string Alg, string Kid, string N, string E);

public sealed record JwksResponse(IReadOnlyList<JwkResponse> Keys);

public sealed record DiscoveryResponse(string Issuer, string JwksUri, IReadOnlyList<string> IdTokenSigningAlgValuesSupported);

/// <summary>The public half of the signing keys, for services and gateways that validate tokens themselves.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", GetJwks).WithTags("Keys").AllowAnonymous();
        app.MapGet("/.well-known/openid-configuration", GetDiscovery).WithTags("Keys").AllowAnonymous();
        return app;
    }

    private static Ok<JwksResponse> GetJwks(SigningKeyRing ring, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new JwksResponse(ring.PublicJwks().Keys
            .Select(k => new JwkResponse(k.Kty, k.Use, k.Alg, k.Kid, k.N, k.E))
            .ToList()));
    }

    private static Ok<DiscoveryResponse> GetDiscovery(AuthOptions options, HttpContext context)
    {
        var jwks = $"{context.Request.Scheme}://{context.Request.Host}/.well-known/jwks.json";
        return TypedResults.Ok(new DiscoveryResponse(options.Issuer, jwks, ["RS256"]));
    }
}
