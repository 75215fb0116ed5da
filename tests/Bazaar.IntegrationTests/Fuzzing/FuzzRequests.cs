using System.Globalization;
using System.Text;
using CsCheck;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// The generator of requests for one operation: path and query parameters, headers, caller and body, each drawn from
/// plausible and nasty values as the operation's OpenAPI description shapes them.
/// </summary>
public sealed class FuzzRequests(ApiSchemas schemas, RealObjects real)
{
    /// <summary>Percent-encoded path segments that must reach the server as they are.</summary>
    private static readonly string[] EncodedSegments =
    [
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e", "%00", "%C0%AE%C0%AE%2F", "%ED%A0%80", "%FF", "%252e%252e%252f",
        "a%2Fb", "%20", "x;y=z", "%25", "%2525",
    ];

    private readonly FuzzValues _rough = new(real, careful: false);
    private readonly FuzzValues _careful = new(real, careful: true);

    /// <summary>
    /// A sixth of the requests are careful: well-formed, plausible, mostly from a signed-in caller, so that they get past
    /// validation into the handlers; the rest are rough.
    /// </summary>
    public Gen<FuzzRequest> For(ApiOperation operation) => Gens.Pick((1, For(operation, careful: true)), (5, For(operation, careful: false)));

    private Gen<FuzzRequest> For(ApiOperation operation, bool careful)
    {
        var values = careful ? _careful : _rough;
        var idHint = IdHint(operation.Path);
        var path = Gens.All([.. operation.Parameters.Where(p => p.In == "path").Select(p => PathValue(p, operation.Path, values, careful).Select(v => (p.Name, v)))])
            .Select(filled => filled.Aggregate(operation.Path, (path, value) => path.Replace("{" + value.Name + "}", value.v, StringComparison.Ordinal)));
        var query = Gens.All([.. operation.Parameters.Where(p => p.In == "query").Select(p => QueryPair(p, values, careful)), careful ? Gen.Const("") : ExtraQuery])
            .Select(pairs => string.Join("&", pairs.Where(p => p.Length > 0)))
            .Select(q => q.Length > 0 ? "?" + q : "");
        var idempotent = operation.Parameters.Any(p => p.Name == "Idempotency-Key");
        var headers = Gens.All([
            careful
                ? Gen.Guid.Select(g => idempotent ? ((string, string)?)("Idempotency-Key", g.ToString()) : null)
                : Optional("Idempotency-Key", IdempotencyKey, present: idempotent ? 6 : 1),
            Optional("X-Cart-Id", CartId, present: !careful && operation.Path.StartsWith("/api/cart", StringComparison.Ordinal) ? 3 : 0),
        ]);
        var bodies = new JsonBodies(schemas, values, careful);
        var body = operation.Body is { } schema
            ? careful ? bodies.Document(schema, idHint).Select(json => Json(json, "careful")) : Body(bodies.Document(schema, idHint))
            : careful ? Gen.Const((FuzzBody?)null) : NoBody;
        return Gen.Select(path, query, Caller(careful), headers, body, (p, q, caller, h, b) =>
            new FuzzRequest(operation, p + q, caller.Kind, caller.Authorization, [.. h.OfType<(string, string)>()], b));
    }

    /// <summary>The path segment before "{id}" says what kind of id it is: /api/users/{id} wants a user's.</summary>
    private static string IdHint(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(segments, s => s.StartsWith('{'));
        return at > 0 ? segments[at - 1] : "";
    }

    private Gen<string> PathValue(ApiParameter parameter, string path, FuzzValues values, bool careful) => Gens.Pick(
        (8, parameter.Name == "file"
            ? Gens.Pick((3, Gens.OneOf([.. real.ProductIds]).Select(id => id + ".svg")), (1, values.Id("product")))
            : values.Id(parameter.Name == "id" ? IdHint(path) : parameter.Name)),
        (careful ? 0 : 1, Gen.Int[-1, 5].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (careful ? 0 : 1, Gen.Guid.Select(g => g.ToString("B").ToUpperInvariant())),
        (careful ? 0 : 4, FuzzValues.Nasty.Select(s => Uri.EscapeDataString(s.Length > 2000 ? s[..2000] : s))),
        (careful ? 0 : 1, Gens.OneOf(EncodedSegments)));

    private Gen<string> QueryPair(ApiParameter parameter, FuzzValues values, bool careful)
    {
        var shape = schemas.Shape(parameter.Schema);
        var plausible = (shape.Kind, shape.Format, parameter.Name) switch
        {
            (_, _, "page") => careful ? Gens.OneOf("1", "2") : Gens.OneOf("1", "2", "0", "-1", "2147483647"),
            (_, _, "pageSize") => careful ? Gens.OneOf("1", "10", "50") : Gens.OneOf("1", "10", "100", "0", "1000", "100000"),
            ("integer", _, _) => values.Integer,
            ("number", _, _) => values.Number,
            ("boolean", _, _) => careful ? FuzzValues.Boolean : Gens.OneOf("true", "false", "True", "1", "yes", ""),
            (_, _, "sort") => careful ? Gens.OneOf("relevance", "price", "-price", "name", "newest") : Gens.OneOf("price", "-price", "price_desc", "name", "rating"),
            (_, _, "q") => careful ? Gens.OneOf("gadget", "test", "lamp") : Gens.OneOf("gadget", "Test", "a", "*", "\"", "gad*", "OR", "NEAR(a b)"),
            (_, _, "category" or "brand") => Gens.OneOf("Test Gadgets", "Electronics", "Home"),
            _ => values.Text(parameter.Name, shape.Format, ""),
        };
        var nasty = Gens.Pick((3, FuzzValues.Nasty), (1, Gens.OneOf(NastyInputs.Integers)));
        return Gens.Pick(
            (4, Gen.Const("")),
            (5, plausible.Select(v => parameter.Name + "=" + Uri.EscapeDataString(v))),
            (careful ? 0 : 3, nasty.Select(v => parameter.Name + "=" + Uri.EscapeDataString(v.Length > 2000 ? v[..2000] : v))));
    }

    /// <summary>Now and then a parameter twice, one nobody declared, or a malformed pair.</summary>
    private static readonly Gen<string> ExtraQuery = Gens.Pick(
        (12, Gen.Const("")),
        (1, Gens.OneOf("page=1&page=2", "pageSize=10&pageSize=abc", "status=paid&status=shipped", "$filter=x", "=", "&&", "a%5B%5D=1&a%5B%5D=2", "%00=%00", "q")));

    private static readonly Gen<string> IdempotencyKey = Gens.Pick(
        (4, Gen.Guid.Select(g => g.ToString())),
        (3, FuzzValues.NastyHeader),
        (1, Gens.OneOf("", " ", "same-key-every-time")));

    private static readonly Gen<string> CartId = Gens.Pick(
        (2, Gen.Guid.Select(g => g.ToString())),
        (3, FuzzValues.NastyHeader));

    private static Gen<(string, string)?> Optional(string name, Gen<string> value, int present) => Gens.Pick(
        (3, Gen.Const(((string, string)?)null)),
        (present, value.Select(v => ((string, string)?)(name, v))));

    private Gen<(string Kind, string? Authorization)> Caller(bool careful)
    {
        var garbage = Gens.OneOf(GarbageAuthorizations()).Select(a => ("garbage", (string?)a));
        return Gens.Pick(
            (careful ? 1 : 5, Gen.Const(("none", (string?)null))),
            (careful ? 0 : 4, garbage),
            (6, Gen.Const(("customer", (string?)("Bearer " + real.CustomerToken)))),
            (5, Gen.Const(("admin", (string?)("Bearer " + real.AdminToken)))));
    }

    /// <summary>Authorization headers that must get nobody in: forged, tampered, misplaced and malformed tokens.</summary>
    private string[] GarbageAuthorizations()
    {
        var admin = real.AdminToken.Split('.');
        var customer = real.CustomerToken.Split('.');
        var unsigned = Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + admin[1] + ".";
        var flipped = admin[2][^1] == 'A' ? "B" : "A";
        return
        [
            "Bearer garbage", "Bearer", "Bearer ", "bearer " + real.AdminToken[..^3], "Bearer " + unsigned,
            "Bearer " + admin[0] + "." + admin[1] + "." + admin[2][..^1] + flipped,
            "Bearer " + customer[0] + "." + admin[1] + "." + customer[2],
            "Bearer " + real.RefreshToken, "Bearer ' OR 1=1 --", "Bearer " + new string('A', 6000),
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin")), "Negotiate abc", "Bearer \u00e9\u00e8", "Bearer a.b.c",
        ];
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Bodies for an operation that takes JSON: mostly shaped by its schema, sometimes hand-written nastiness.</summary>
    private static Gen<FuzzBody?> Body(Gen<string> shaped)
    {
        // Weights are in tenths, so that the multi-megabyte body stays rare.
        return Gens.Pick<FuzzBody?>(
            (140, shaped.Select(json => Json(json, "shaped"))),
            (15, Gen.Select(shaped, Gens.OneOf(NastyInputs.ContentTypes), (json, type) => Raw(JsonText.Utf8(json), type, "shaped, wrong type"))),
            (5, shaped.Select(json => Raw(JsonText.Utf8(json), null, "shaped, no Content-Type"))),
            (20, Gens.OneOf(NastyInputs.Bodies).Select(text => Json(text, "hand-written"))),
            (8, Gens.OneOf(NastyInputs.RawBodies).Select(bytes => Raw(bytes, "application/json", "invalid UTF-8"))),
            (10, DeeplyNested),
            (10, shaped.Select(json => Json(json[..(json.Length / 2)], "truncated"))),
            (6, shaped.Select(json => Json("[" + json + "]", "wrapped in an array"))),
            (6, shaped.Select(json => Json(json.Length > 2 ? json.Insert(1, "\"quantity\":1,\"quantity\":\"x\",") : json, "duplicate keys"))),
            (10, Gen.Select(shaped, FuzzValues.Huge, (json, huge) => Json(WithPadding(json, huge), "100 KB padding"))),
            (1, Gen.Int[3_000_000, 5_000_000].Select(n => Json(WithPadding("{}", new string('x', n)), "several MB"))));
    }

    /// <summary>For an operation that takes no body: mostly none, now and then one it does not expect.</summary>
    private static readonly Gen<FuzzBody?> NoBody = Gens.Pick(
        (30, Gen.Const((FuzzBody?)null)),
        (1, Gens.OneOf("""{"id":"x"}""", "{", "null", "[]").Select(text => Json(text, "unexpected body"))));

    private static readonly Gen<FuzzBody?> DeeplyNested = Gen.Select(
        Gen.Int[1000, 5000],
        Gens.OneOf("array", "object", "in a property"),
        (depth, kind) => Json(kind switch
        {
            "array" => new string('[', depth) + new string(']', depth),
            "object" => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            _ => "{\"productId\":" + new string('[', depth) + new string(']', depth) + ",\"quantity\":1}",
        }, $"nested {depth} deep ({kind})"));

    private static string WithPadding(string json, string padding) =>
        json.StartsWith('{') && json.Length > 2 ? "{\"padding\":" + JsonText.Quote(padding, escapeNonAscii: false) + "," + json[1..] : "{\"padding\":" + JsonText.Quote(padding, escapeNonAscii: false) + "}";

    private static FuzzBody? Json(string text, string description) => Raw(JsonText.Utf8(text), "application/json", description);

    private static FuzzBody? Raw(byte[] bytes, string? contentType, string description) => new(bytes, contentType, description);
}
