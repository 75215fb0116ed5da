using System.Text.Json.Serialization;
using Bazaar.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.Identity.Keys;

public sealed record JwkResponse(string Kty, string Use, string Alg, string Kid, string N, string E);

public sealed record JwksResponse(IReadOnlyList<JwkResponse> Keys);

/// <summary>OpenID Connect discovery metadata, whose member names are snake_case by that specification.</summary>
public sealed record DiscoveryResponse(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported);

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
