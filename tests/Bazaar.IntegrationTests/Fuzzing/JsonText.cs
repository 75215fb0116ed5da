using System.Globalization;
using System.Text;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Writes JSON text by hand rather than through System.Text.Json, which refuses to write a lone surrogate: the fuzzer
/// wants exactly those on the wire, as "\ud800" escapes.
/// </summary>
public static class JsonText
{
    /// <summary>A JSON string literal; with <paramref name="escapeNonAscii"/> every character past ASCII becomes a \u escape.</summary>
    public static string Quote(string value, bool escapeNonAscii = true)
    {
        var json = new StringBuilder(value.Length + 2);
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case < ' ':
                case > '~' when escapeNonAscii:
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }
        return json.Append('"').ToString();
    }

    public static string Object(IEnumerable<string> members) => "{" + string.Join(",", members.Where(m => m.Length > 0)) + "}";

    public static string Array(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    /// <summary>Lone surrogates in raw (unescaped) text become U+FFFD, as any UTF-8 client would send them.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
