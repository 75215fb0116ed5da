using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

/// <summary>Only an unexpired RS256 token signed by the shop's own key, for the shop's issuer and audience, opens an account.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class TokenValidationTests(BazaarHost host)
{
    private static readonly JsonWebTokenHandler Handler = new();

    private async Task<HttpStatusCode> MeAsync(string? token)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A token as identity issues it, with the given signing key and lifetime (and issuer or audience, to forge one).</summary>
    private string Token(Customer customer, SigningCredentials credentials, DateTime expires, string? role = null, string? issuer = null, string? audience = null)
    {
        var auth = host.Services.GetRequiredService<AuthOptions>();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? auth.Issuer,
            Audience = audience ?? auth.Audience,
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = customer.Id,
                ["name"] = customer.Username,
                ["email"] = customer.Email,
                ["role"] = role ?? Roles.Customer,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        });
    }

    private SigningCredentials ShopKey => host.Services.GetRequiredService<SigningKeyRing>().SigningCredentials;

    private static string Encode(JsonNode json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonNode Decode(string segment) => JsonNode.Parse(Base64UrlEncoder.Decode(segment))!;

    [Fact]
    public async Task The_customers_own_token_and_one_signed_like_it_are_accepted()
    {
        var customer = await host.NewCustomerAsync("valid");

        Assert.Equal(HttpStatusCode.OK, await MeAsync(customer.Tokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(Token(customer, ShopKey, DateTime.UtcNow.AddMinutes(10))));
    }

    [Fact]
    public async Task A_missing_or_malformed_token_is_rejected()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("garbage"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("a.b.c"));
    }

    [Fact]
    public async Task A_token_with_a_flipped_signature_byte_is_rejected()
    {
        var customer = await host.NewCustomerAsync("flipper");
        var parts = customer.Tokens.AccessToken.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[signature.Length / 2] ^= 0x01;

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync($"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}"));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(customer.Tokens.AccessToken));
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_to_make_its_holder_an_admin_is_rejected()
    {
        var customer = await host.NewCustomerAsync("climber");
        var parts = customer.Tokens.AccessToken.Split('.');
        var payload = Decode(parts[1]);
        Assert.Equal(Roles.Customer, (string?)payload["role"]);
        payload["role"] = Roles.Admin;
        var forged = $"{parts[0]}.{Encode(payload)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(forged));
        using var http = host.CreateClient(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/admin/dead-letters")).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_token_is_rejected()
    {
        var customer = await host.NewCustomerAsync("unsigned");
        var parts = customer.Tokens.AccessToken.Split('.');
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync($"{Encode(header)}.{parts[1]}."));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync($"{Encode(header)}.{parts[1]}.{parts[2]}"));
    }

    [Fact]
    public async Task An_expired_token_signed_by_the_shop_is_rejected()
    {
        var customer = await host.NewCustomerAsync("expired");

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(customer, ShopKey, DateTime.UtcNow.AddMinutes(-5))));
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_rejected_even_with_the_shops_key_id()
    {
        var customer = await host.NewCustomerAsync("impostor");
        using var rsa = RSA.Create(2048);
        var foreign = new RsaSecurityKey(rsa) { KeyId = host.Services.GetRequiredService<SigningKeyRing>().Current.KeyId };

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(customer, new SigningCredentials(foreign, SecurityAlgorithms.RsaSha256), DateTime.UtcNow.AddMinutes(10))));
    }

    [Fact]
    public async Task An_HS256_token_is_rejected_even_when_keyed_with_the_shops_public_key()
    {
        var customer = await host.NewCustomerAsync("confused");
        var publicKey = host.Services.GetRequiredService<SigningKeyRing>().Current.Rsa.ExportSubjectPublicKeyInfoPem();
        var hmac = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(publicKey));
        var random = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(customer, new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256), DateTime.UtcNow.AddMinutes(10))));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(customer, new SigningCredentials(random, SecurityAlgorithms.HmacSha256), DateTime.UtcNow.AddMinutes(10))));
    }

    [Fact]
    public async Task A_token_signed_by_the_shop_for_another_issuer_or_audience_is_rejected()
    {
        var customer = await host.NewCustomerAsync("elsewhere");
        var expires = DateTime.UtcNow.AddMinutes(10);

        Assert.Equal(HttpStatusCode.OK, await MeAsync(Token(customer, ShopKey, expires)));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(customer, ShopKey, expires, issuer: "https://evil.example")));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(customer, ShopKey, expires, audience: "another-api")));
    }

    [Fact]
    public async Task A_token_naming_a_key_id_the_shop_never_published_is_rejected()
    {
        var customer = await host.NewCustomerAsync("unknownkid");
        var token = Token(customer, ShopKey, DateTime.UtcNow.AddMinutes(10)).Split('.');
        var header = Decode(token[0]);
        header["kid"] = "no-such-key";
        // The signature covers the header, so it is signed again with the shop's own key: only the key id is wrong.
        var signed = Encode(header) + "." + token[1];
        var signature = host.Services.GetRequiredService<SigningKeyRing>().Current.Rsa.SignData(
            Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(signed + "." + Base64UrlEncoder.Encode(signature)));
    }
}
