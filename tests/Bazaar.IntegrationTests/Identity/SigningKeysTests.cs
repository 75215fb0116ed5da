using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Identity;

/// <summary>Runs on both shapes: <see cref="SigningKeysTests"/> here, and again in the distributed tests.</summary>
public abstract class SigningKeysScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task The_key_set_publishes_one_public_RS256_key_that_verifies_issued_tokens()
    {
        using var http = host.CreateClient();

        var jwks = await (await http.GetAsync("/.well-known/jwks.json")).JsonAsync();

        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        var kid = key.GetProperty("kid").GetString();
        Assert.False(string.IsNullOrWhiteSpace(kid));
        foreach (var secret in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.False(key.TryGetProperty(secret, out _), $"The published key has its private part '{secret}'.");
        }

        // An access token names that key and its signature checks out against it.
        var customer = await host.NewCustomerAsync("jwks");
        var parts = customer.Tokens.AccessToken.Split('.');
        var header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(kid, header.GetProperty("kid").GetString());
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url(key.GetProperty("n").GetString()!),
            Exponent = Base64Url(key.GetProperty("e").GetString()!),
        });
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class SigningKeysTests(BazaarHost host) : SigningKeysScenarios(host);
