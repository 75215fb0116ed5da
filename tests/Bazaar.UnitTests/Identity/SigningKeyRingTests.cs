using System.Security.Cryptography;
using Bazaar.BuildingBlocks.Auth;
using Xunit;

namespace Bazaar.UnitTests.Identity;

public sealed class SigningKeyRingTests
{
    [Theory]
    [InlineData("/keys/signing-20261207170000-AbCdEfGhIjKlMnOp.pem", "AbCdEfGhIjKlMnOp")]
    [InlineData("/keys/signing-20261207170000-Ab-dEfGhIjKlMn-p.pem", "Ab-dEfGhIjKlMn-p")]
    [InlineData("/keys/signing-20261207170000-AbCdEfGhIjKlMnO-.pem", "AbCdEfGhIjKlMnO-")]
    public void The_key_id_is_everything_after_the_time_even_with_dashes_in_it(string file, string kid) =>
        Assert.Equal(kid, SigningKeyRing.KeyIdOf(file));

    [Fact]
    public void A_stored_key_whose_id_holds_dashes_is_published_under_its_whole_id()
    {
        var directory = Directory.CreateTempSubdirectory("bazaar-keys-").FullName;
        try
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(Path.Combine(directory, "signing-20261207170000-x-y_z-.pem"), rsa.ExportPkcs8PrivateKeyPem());

            var ring = new SigningKeyRing(directory);

            Assert.Equal("x-y_z-", ring.Current.KeyId);
            Assert.Equal("x-y_z-", Assert.Single(ring.PublicJwks().Keys).Kid);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
