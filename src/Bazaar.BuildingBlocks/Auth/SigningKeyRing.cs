using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Bazaar.BuildingBlocks.Auth;

/// <summary>
/// The RSA keys that sign access tokens. Generated once and kept as PEM files under the data directory;
/// the newest key signs and every key on the ring validates, so a new key can be added before the old
/// one is retired.
/// </summary>
public sealed class SigningKeyRing
{
    private readonly Lazy<IReadOnlyList<RsaSecurityKey>> _keys;

    public SigningKeyRing(string directory)
    {
        _keys = new Lazy<IReadOnlyList<RsaSecurityKey>>(() => LoadOrCreate(directory));
    }

    public RsaSecurityKey Current => _keys.Value[0];

    public IReadOnlyList<RsaSecurityKey> All => _keys.Value;

    public SigningCredentials SigningCredentials => new(Current, SecurityAlgorithms.RsaSha256);

    public JsonWebKeySet PublicJwks()
    {
        var set = new JsonWebKeySet();
        foreach (var key in All)
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            jwk.Use = "sig";
            jwk.Alg = SecurityAlgorithms.RsaSha256;
            set.Keys.Add(jwk);
        }
        return set;
    }

    /// <summary>
    /// The key id of <c>signing-{yyyyMMddHHmmss}-{kid}.pem</c>: everything after the time, since a base64url id may
    /// itself hold a '-'.
    /// </summary>
    public static string KeyIdOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var time = name.IndexOf('-', StringComparison.Ordinal);
        var kid = time < 0 ? -1 : name.IndexOf('-', time + 1);
        return kid < 0 ? name : name[(kid + 1)..];
    }

    private static List<RsaSecurityKey> LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = Directory.GetFiles(directory, "signing-*.pem");
        if (files.Length == 0)
        {
            using var rsa = RSA.Create(2048);
            var kid = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 12).ToArray());
            var path = Path.Combine(directory, $"signing-{DateTime.UtcNow:yyyyMMddHHmmss}-{kid}.pem");
            var temp = path + ".tmp";
            File.WriteAllText(temp, rsa.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.Move(temp, path);
            files = [path];
        }

        return files
            .OrderDescending(StringComparer.Ordinal)
            .Select(file =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(File.ReadAllText(file));
                return new RsaSecurityKey(rsa) { KeyId = KeyIdOf(file) };
            })
            .ToList();
    }
}
