using System.Text.Json;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>What a schema asks for, reduced to what generation needs: its kind (object, array, string, integer, number, boolean, enum or any).</summary>
public sealed record SchemaShape(string Kind, bool Nullable, string? Format, JsonElement Schema);

/// <summary>The document's schemas: "$ref" resolved into components/schemas, nullable unions and oneOf unwrapped.</summary>
public sealed class ApiSchemas(JsonElement document)
{
    public JsonElement Resolve(JsonElement schema)
    {
        // A chain of references longer than this is a cycle; treat what is left as "anything".
        for (var hops = 0; hops < 16 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    public SchemaShape Shape(JsonElement schema)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return new SchemaShape("any", true, null, schema);
        }
        foreach (var union in (string[])["oneOf", "anyOf"])
        {
            if (schema.TryGetProperty(union, out var alternatives))
            {
                var shapes = alternatives.EnumerateArray().Select(Shape).ToList();
                var concrete = shapes.FirstOrDefault(s => s.Kind != "null") ?? new SchemaShape("any", true, null, schema);
                return concrete with { Nullable = concrete.Nullable || shapes.Any(s => s.Kind == "null") };
            }
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (schema.TryGetProperty("enum", out _))
        {
            return new SchemaShape("enum", false, format, schema);
        }
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return new SchemaShape(type.GetString()!, false, format, schema);
            }
            var types = type.EnumerateArray().Select(t => t.GetString()!).ToList();
            var kind = types.FirstOrDefault(t => t != "null") ?? "null";
            return new SchemaShape(kind, types.Contains("null"), format, schema);
        }
        return new SchemaShape(schema.TryGetProperty("properties", out _) ? "object" : "any", true, format, schema);
    }

    public IEnumerable<(string Name, JsonElement Schema, bool Required)> Properties(JsonElement schema)
    {
        schema = Resolve(schema);
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }
        var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet() : [];
        foreach (var property in properties.EnumerateObject())
        {
            yield return (property.Name, property.Value, required.Contains(property.Name));
        }
    }
}
