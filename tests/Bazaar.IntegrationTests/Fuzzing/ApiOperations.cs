using System.Text.Json;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>One operation of the server's OpenAPI document: what the fuzzer needs to call it.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonElement? Body)
{
    public string Name => $"{Method} {Path}";

    public override string ToString() => Name;
}

/// <summary>A path, query or header parameter, with its schema as the document states it.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>Reads the operations, parameters and JSON request bodies out of an OpenAPI 3 document.</summary>
public static class ApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IReadOnlyList<ApiOperation> Read(JsonElement document)
    {
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            // Parameters may be declared once for the path and again, overriding, on an operation.
            var shared = path.Value.TryGetProperty("parameters", out var common) ? Parameters(common) : [];
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation) || IsEventStream(operation))
                {
                    continue;
                }
                var own = operation.TryGetProperty("parameters", out var declared) ? Parameters(declared) : [];
                var parameters = own.Concat(shared.Where(s => !own.Any(o => o.Name == s.Name && o.In == s.In))).ToList();
                JsonElement? body = operation.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema)
                        ? schema
                        : null;
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path.Name, parameters, body));
            }
        }
        return operations;
    }

    /// <summary>A server-sent event stream answers for as long as the client listens: it has no response to judge.</summary>
    private static bool IsEventStream(JsonElement operation) =>
        operation.TryGetProperty("responses", out var responses)
        && responses.EnumerateObject().Any(r => r.Value.TryGetProperty("content", out var content) && content.TryGetProperty("text/event-stream", out _));

    private static List<ApiParameter> Parameters(JsonElement list) =>
        [.. list.EnumerateArray().Select(p => new ApiParameter(
            p.GetProperty("name").GetString()!,
            p.GetProperty("in").GetString()!,
            p.TryGetProperty("required", out var required) && required.GetBoolean(),
            p.TryGetProperty("schema", out var schema) ? schema : default))];
}
