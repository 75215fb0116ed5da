using System.Net;
using System.Text.Json;
using Xunit.Sdk;

namespace Bazaar.IntegrationTests.Infrastructure;

public static class HttpAssertions
{
    public static async Task EnsureStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }
    }

    /// <summary>Asserts an RFC 9457 problem response with the status, and returns its JSON.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.EnsureStatusAsync(expected);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new XunitException($"Expected application/problem+json, got {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync()}");
        }
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (json.GetProperty("status").GetInt32() != (int)expected)
        {
            throw new XunitException($"Problem status {json.GetProperty("status")} does not match {(int)expected}.");
        }
        var text = json.GetRawText();
        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
        {
            throw new XunitException($"A problem response leaks internals: {text}");
        }
        return json;
    }

    /// <summary>Asserts a validation problem naming <paramref name="field"/> among its errors.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var json = await response.ProblemAsync(HttpStatusCode.BadRequest);
        if (!json.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(field, out _))
        {
            throw new XunitException($"Expected a validation error for '{field}': {json.GetRawText()}");
        }
        return json;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await response.EnsureStatusAsync(expected);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
