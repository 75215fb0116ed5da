using System.Globalization;
using CsCheck;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Leaf values for bodies, paths, queries and headers: mostly plausible ones chosen by the field's name (a real id for
/// "productId", a known status for "status"), so that requests get past validation, mixed with nasty ones. Careful
/// values are only plausible ones, for requests meant to reach the code behind validation.
/// </summary>
public sealed class FuzzValues(RealObjects real, bool careful)
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char.AlphaNumeric, 1, 12];

    /// <summary>A string of 100 KB or more: ASCII, two-byte, four-byte, or characters that JSON escapes six bytes long.</summary>
    public static readonly Gen<string> Huge = Gen.Select(Gens.OneOf("A", "é", "😀", "\"", "\u0001", "\ud800"), Gen.Int[100_000, 140_000], Gens.Repeat);

    public static readonly Gen<string> Nasty = Gens.Pick(
        (40, Gens.OneOf(NastyInputs.Strings)),
        (8, Gen.String[Gen.Char, 0, 40]),
        (1, Huge));

    /// <summary>Nasty strings a header can carry: no control characters, and short of Kestrel's header limits.</summary>
    public static readonly Gen<string> NastyHeader = Gens.Pick(
        (10, Nasty.Select(s => new string([.. s.Where(c => c >= ' ' && c != '\u007f').Take(7000)]))),
        (1, Gen.Int[4000, 7000].Select(n => new string('k', n))));

    public Gen<string> Integer => careful ? Gen.Int[1, 3].Select(Invariant) : AnyInteger;

    public Gen<string> Number => careful ? Gen.Int[100, 50_000].Select(cents => (cents / 100m).ToString(CultureInfo.InvariantCulture)) : AnyNumber;

    private static readonly Gen<string> AnyInteger = Gens.Pick(
        (6, Gen.Int[0, 5].Select(Invariant)),
        (2, Gen.Int[-1000, 100_000].Select(Invariant)),
        (3, Gens.OneOf(NastyInputs.Integers)));

    private static readonly Gen<string> AnyNumber = Gens.Pick(
        (6, Gen.Int[0, 100_000].Select(cents => (cents / 100m).ToString(CultureInfo.InvariantCulture))),
        (3, Gens.OneOf(NastyInputs.Numbers)));

    public static readonly Gen<string> Boolean = Gens.OneOf("true", "false");

    /// <summary>A JSON value of some type, for a field that wants another.</summary>
    public static readonly Gen<string> AnyJson = Gens.Pick(
        (3, Gens.OneOf("\"12\"", "12", "-1", "1.5", "true", "false", "[]", "{}", "[1,2,3]", "{\"a\":1}", "[null]", "\"\"")),
        (2, Nasty.Select(s => JsonText.Quote(s))),
        (1, Gens.OneOf(NastyInputs.Integers)),
        (1, Gen.Const("""{"line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"}""")));

    /// <summary>A token that makes the document invalid JSON where it stands.</summary>
    public static readonly Gen<string> BrokenValue = Gens.OneOf(NastyInputs.BrokenValues);

    /// <summary>An id for a field or parameter named <paramref name="name"/>: mostly a real one of the right kind.</summary>
    public Gen<string> Id(string name) => Gens.Pick(
        (8, Gens.OneOf([.. real.IdsFor(name)])),
        (careful ? 0 : 1, Gens.OneOf([.. real.AllIds])),
        (careful ? 0 : 1, Gen.Int[-1, 100].Select(Invariant)),
        (careful ? 0 : 1, Gen.Guid.Select(g => g.ToString())),
        (careful ? 0 : 3, Nasty));

    /// <summary>A string for a field: plausible for its name and format, sometimes nasty, sometimes random.</summary>
    public Gen<string> Text(string name, string? format, string idHint) => careful
        ? Careful(name.ToLowerInvariant(), format, idHint)
        : Gens.Pick((7, Plausible(name.ToLowerInvariant(), format, idHint)), (2, Nasty), (1, Gen.String));

    /// <summary>Values that pass validation where the name tells enough to know what would.</summary>
    private Gen<string> Careful(string name, string? format, string idHint) => name switch
    {
        _ when format == "date-time" => Gens.OneOf("2026-01-01T00:00:00Z", "2030-12-31T23:59:59Z"),
        _ when name.Contains("email") || name == "to" => Word.Select(w => $"{w}@example.com"),
        _ when name.Contains("password") => Gens.OneOf("Correct-Horse-9", "Brand-New-Secret-7"),
        "username" => Word.Select(w => "fuzz" + w),
        "phone" => Gen.Int[1_000_000, 9_999_999].Select(n => "+1 555 " + Invariant(n)),
        "currency" => Gen.Const("USD"),
        "status" => Gens.OneOf("shipped", "delivered", "cancelled", "pending", "sent", "failed"),
        "role" => Gens.OneOf("customer", "admin"),
        "type" => Gen.Const("card"),
        "token" => Gens.OneOf("tok_visa", "tok_visa", "tok_declined"),
        "country" => Gens.OneOf("GB", "US"),
        "imageurl" => Gen.Const("/images/products/fuzz.svg"),
        _ => Plausible(name, format, idHint),
    };

    private Gen<string> Plausible(string name, string? format, string idHint) => name switch
    {
        _ when format == "date-time" => Gens.OneOf(
            "2026-01-01T00:00:00Z", "2026-11-26", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01", "2026-13-45T25:61:61Z", "yesterday"),
        "id" => Id(idHint),
        _ when name.EndsWith("id", StringComparison.Ordinal) => Id(name),
        _ when name.Contains("email") || name == "to" => Gens.Pick(
            (2, Gens.OneOf(real.CustomerEmail, "fuzz@example.com", "not-an-email", "a@b", "@example.com", "a@@example.com")),
            (2, Word.Select(w => $"{w}@example.com"))),
        _ when name.Contains("password") => Gens.OneOf(real.CustomerPassword, "Correct-Horse-9", "Brand-New-Secret-7", "short", "", new string('p', 2000)),
        "username" => Gens.Pick((2, Gens.OneOf(real.CustomerUsername, "admin", "a")), (2, Word)),
        "refreshtoken" => Gens.OneOf(real.RefreshToken, real.RefreshToken + "x", real.RefreshToken[..^2], "garbage"),
        "token" => Gens.OneOf("tok_visa", "tok_declined", "tok_insufficient_funds", "tok_error", "tok_", "bm90LWEtcmVhbC1yZXNldC10b2tlbg", real.RefreshToken),
        "currency" => Gens.OneOf("USD", "EUR", "GBP", "usd", "XXX", "US", ""),
        "status" => Gens.OneOf("pending", "paid", "processing", "shipped", "delivered", "cancelled", "refunded", "failed", "sent", "SHIPPED", "Cancelled"),
        "role" => Gens.OneOf("customer", "admin", "Admin", "superuser"),
        "type" => Gens.OneOf("card", "paypal", "cash", "CARD"),
        "country" => Gens.OneOf("GB", "US", "DE", "ZZ", "gb", "GBR"),
        "sku" => Word.Select(w => "FUZZ-" + w.ToUpperInvariant()),
        "imageurl" => Gens.OneOf("https://example.com/a.png", "/images/products/x.svg", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>"),
        _ => Gens.Pick((3, Word), (1, Gens.OneOf("Test Gadgets", "gadget", "Ada Lovelace", "12 St James's Square", "London", "SW1Y 4JH")))
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
