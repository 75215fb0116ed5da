using System.Text.Json;
using CsCheck;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// JSON documents shaped by a schema: each value mostly of the right type, sometimes of the wrong one, null, nasty or
/// not JSON at all; required properties sometimes missing; extra properties sometimes added. Careful documents keep to
/// the schema with plausible values, so that they reach the handler's own rules.
/// </summary>
public sealed class JsonBodies(ApiSchemas schemas, FuzzValues values, bool careful)
{
    /// <summary>Past this depth a schema-shaped document stops nesting (deep nesting is a hand-written case of its own).</summary>
    private const int MaxDepth = 6;

    private const string Address = """{"name":"Ada Lovelace","line1":"12 St James's Square","city":"London","postalCode":"SW1Y 4JH","country":"GB"}""";

    private static readonly Gen<string> ExtraMember = Gen.Select(
        Gens.OneOf(NastyInputs.ExtraPropertyNames), FuzzValues.AnyJson, (name, value) => JsonText.Quote(name) + ":" + value);

    public Gen<string> Document(JsonElement schema, string idHint) => Value(schema, "body", idHint, 0);

    private Gen<string> Value(JsonElement schema, string name, string idHint, int depth)
    {
        var shape = schemas.Shape(schema);
        var typed = Typed(shape, name, idHint, depth);
        return careful ? typed : Gens.Pick(
            (30, typed),
            (shape.Nullable ? 3 : 2, Gen.Const("null")),
            (3, FuzzValues.AnyJson),
            (1, FuzzValues.BrokenValue));
    }

    private Gen<string> Typed(SchemaShape shape, string name, string idHint, int depth) => shape.Kind switch
    {
        "object" when depth < MaxDepth => Object(shape.Schema, idHint, depth),
        "array" when depth < MaxDepth && shape.Schema.TryGetProperty("items", out var items) =>
            Value(items, name, idHint, depth + 1).Array[careful ? 1 : 0, 3].Select(JsonText.Array),
        "string" => Gen.Select(values.Text(name, shape.Format, idHint), Gen.Bool, JsonText.Quote),
        "integer" => values.Integer,
        "number" => values.Number,
        "boolean" => FuzzValues.Boolean,
        "enum" => Gens.Pick(
            (4, Gens.OneOf([.. shape.Schema.GetProperty("enum").EnumerateArray().Select(e => e.GetRawText())])),
            (careful ? 0 : 1, FuzzValues.Nasty.Select(s => JsonText.Quote(s)))),
        _ => careful ? Gen.Const(Address) : FuzzValues.AnyJson,
    };

    private Gen<string> Object(JsonElement schema, string idHint, int depth)
    {
        var members = schemas.Properties(schema)
            .Select(p => Gens.Pick(
                (p.Required ? (careful ? 0 : 1) : 3, Gen.Const("")),
                (12, Value(p.Schema, p.Name, idHint, depth + 1).Select(v => JsonText.Quote(p.Name) + ":" + v))))
            .Append(Gens.Pick((8, Gen.Const("")), (careful ? 0 : 1, ExtraMember)))
            .ToList();
        return Gens.All(members).Select(JsonText.Object);
    }
}
