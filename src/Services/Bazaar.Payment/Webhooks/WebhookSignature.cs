using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Payment.Webhooks;

/// <summary>
/// The processor's signature on a webhook call, in the scheme Stripe made common: the header
/// <c>Bazaar-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" under the shared secret&gt;</c>. The
/// timestamp is signed with the body, so an old call cannot be replayed with a new time; several <c>v1</c> values let
/// the processor sign with an old and a new secret while the secret is rotated.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Bazaar-Signature";

    public static string Sign(string secret, long timestamp, string body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Hex(secret, timestamp, body)}";

    /// <returns>Null when the signature holds and is fresh; otherwise why not.</returns>
    public static string? Check(string? header, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
        {
            return $"The {Header} header is missing.";
        }
        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }
        }
        if (timestamp is not { } seconds || signatures.Count == 0)
        {
            return $"The {Header} header needs a timestamp t and a v1 signature.";
        }
        if (seconds > now.ToUnixTimeSeconds() + (long)tolerance.TotalSeconds || now.ToUnixTimeSeconds() - seconds > (long)tolerance.TotalSeconds)
        {
            return "The signature's timestamp is outside the tolerated window.";
        }
        var expected = Encoding.ASCII.GetBytes(Hex(secret, seconds, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected))
            ? null
            : "The signature does not match the body.";
    }

    private static string Hex(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body)));
}
