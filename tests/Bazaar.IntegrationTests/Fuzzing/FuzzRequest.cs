using System.Net.Http.Headers;
using System.Text;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>A request body as bytes, with the Content-Type it goes out with (none when null).</summary>
public sealed record FuzzBody(byte[] Bytes, string? ContentType, string Description);

/// <summary>One generated request for one operation; its caller is none, garbage, customer or admin, after the Authorization it carries.</summary>
public sealed record FuzzRequest(
    ApiOperation Operation, string PathAndQuery, string Caller, string? Authorization, IReadOnlyList<(string Name, string Value)> Headers, FuzzBody? Body)
{
    /// <summary>Bodies this large wait for the server's go-ahead, so a refusal is read rather than a reset connection.</summary>
    private const int ExpectContinueFrom = 1_000_000;

    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        // Sent as generated: without this the Uri class would resolve "..", unescape "%2e" and undo the fuzzing.
        var uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + PathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method), uri);
        if (Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body.Bytes);
            if (Body.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", Body.ContentType);
            }
            message.Headers.ExpectContinue = Body.Bytes.Length >= ExpectContinueFrom;
        }
        return message;
    }

    /// <summary>The request in a line, cut short.</summary>
    public string Summary() => Describe(160);

    /// <summary>Enough of the request to reproduce it by hand.</summary>
    public string Details() => Describe(3000);

    private string Describe(int length)
    {
        var text = new StringBuilder();
        text.Append(Operation.Method).Append(' ').Append(Cut(PathAndQuery, length)).Append(" as ").Append(Caller);
        foreach (var (name, value) in Headers)
        {
            text.Append(", ").Append(name).Append(": ").Append(Cut(value, length / 4));
        }
        if (Body is not null)
        {
            text.Append(", body (").Append(Body.Description).Append(", ").Append(Body.Bytes.Length).Append(" bytes as ")
                .Append(Body.ContentType ?? "no Content-Type").Append("): ")
                .Append(Cut(Encoding.UTF8.GetString(Body.Bytes, 0, Math.Min(Body.Bytes.Length, length + 100)), length));
        }
        return text.ToString();
    }

    /// <summary>The text cut to <paramref name="length"/>, with control characters and lone surrogates shown as escapes.</summary>
    public static string Cut(string text, int length) => Printable(text.Length <= length ? text : text[..length]) + (text.Length <= length ? "" : $"…(+{text.Length - length})");

    private static string Printable(string text)
    {
        var printable = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(text[i - 1])
                : !char.IsControl(c);
            printable.Append(paired ? c.ToString() : $"\\u{(int)c:x4}");
        }
        return printable.ToString();
    }
}

/// <summary>Header values go out as UTF-8, so non-ASCII ones reach the server instead of failing in the client.</summary>
public static class FuzzClient
{
    public static HttpClient Create(Uri baseAddress) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
    };
}
