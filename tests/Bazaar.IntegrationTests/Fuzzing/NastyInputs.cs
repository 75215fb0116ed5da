namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Hand-written inputs that have broken web servers before: injection payloads, Unicode the server must not choke on,
/// numbers that overflow every type, and bodies that are not JSON at all. None of them contains a leak marker
/// (see <see cref="ResponseVerdict"/>), so an echo of one is never mistaken for a leak.
/// </summary>
public static class NastyInputs
{
    public static readonly string[] Strings =
    [
        "", " ", "\t\r\n",
        // SQL injection: the databases are SQLite here, PostgreSQL elsewhere.
        "' OR 1=1 --", "'; DROP TABLE users; --", "\" OR \"\"=\"", "1' OR '1'='1", "admin'--",
        "%' UNION SELECT name FROM sqlite_master --", "1; SELECT sqlite_version()", "\\'; --",
        // Script and template injection: notification renders Liquid templates, the catalog renders SVG.
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "</svg><script>alert(1)</script>",
        "{{7*7}}", "${7*7}", "{{ 7 | times: 7 }}", "{% for i in (1..50) %}x{% endfor %}", "<!--#exec cmd=\"ls\"-->",
        // Path traversal.
        "../../etc/passwd", "..\\..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd", "file:///etc/passwd",
        "....//....//etc/passwd", "..%c0%af..%c0%afetc/passwd",
        // Format strings.
        "%s%n", "%s%s%s%s%n%n%n", "{0}{1}", "%x%x%x%x", "%99999999999d",
        // Unicode edge cases: lone and reversed surrogates, NUL, bidi overrides, zero-width and combining characters.
        "\ud800", "\udfff", "a\ud800b", "\udc00\ud800", "\u0000", "a\u0000b", "\u202e evil \u202d", "\u200f\u200e", "\u200b",
        "\ufeff", "\ufffe\uffff", "\u0085\u2028\u2029", "😀", "👩‍👩‍👧‍👦", "e\u0301\u0301\u0301\u0301\u0301\u0301",
        "Z\u0337\u0322\u031b\u0317a\u0338l\u0336g\u0335o\u0334", "مرحبا بالعالم", "漢字テスト", "İıŞş", "ß", "\ufb00", "\u00ad", "\u1e9e",
        // Strings that look like other types.
        "NaN", "Infinity", "-1", "0", "99999999999999999999", "1e309", "0x7fffffff", "null", "undefined", "true", "[]", "{}",
        "a\r\nX-Injected: yes", "\\", "\"", "\\u0000", "admin", "root",
        new string('a', 300) + "@example.com",
    ];

    /// <summary>Integer literals at and past the edges of int, long and double.</summary>
    public static readonly string[] Integers =
    [
        "0", "-1", "-0", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "1e309", "-1e309", "1.5", "1e2", "1E400", "4.9e-324",
        "100000000000000000000000000000000000000",
    ];

    /// <summary>Decimal literals past the edges of double and decimal, and ones that round badly.</summary>
    public static readonly string[] Numbers =
    [
        "0", "-1", "-0.0", "0.001", "1e308", "1e309", "-1e309", "4.9e-324", "1e-400", "9223372036854775808",
        "79228162514264337593543950336", "0.30000000000000004", "123456789012345678901234567890.123456789",
    ];

    /// <summary>Tokens that are not JSON at all where a value should be.</summary>
    public static readonly string[] BrokenValues = ["NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "0x10", "undefined", "'single'", "True"];

    /// <summary>Whole bodies that are empty, not JSON, or JSON the server cannot want.</summary>
    public static readonly string[] Bodies =
    [
        "", " ", "null", "true", "0", "\"a string\"", "[]", "[{}]", "{", "}", "{\"a\":}", "{\"a\" 1}", "{'a':'b'}", "{\"a\":1,}",
        "[1,2,]", "{a:1}", "{\"a\":1}{\"b\":2}", "\u0000", "{\"a\":\"\u0000\"}", "/* comment */ {}", "{} // trailing",
        "\ufeff{}", "{\"\":\"\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "{\"a\":\"\\x41\"}",
    ];

    /// <summary>Bodies whose bytes are not valid UTF-8: overlong encodings, encoded surrogates, truncated sequences.</summary>
    public static readonly byte[][] RawBodies =
    [
        [.. "{\"name\":\""u8, 0xC0, 0xAE, 0xC0, 0xAE, 0x2F, .. "\"}"u8],
        [.. "{\"name\":\""u8, 0xE0, 0x80, 0xAF, .. "\"}"u8],
        [.. "{\"name\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8],
        [.. "{\"name\":\""u8, 0xFF, 0xFE, 0xFD, .. "\"}"u8],
        [.. "{\"name\":\""u8, 0xE2, 0x82, .. "\"}"u8],
        [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("{\"quantity\":1}")],
        [0x00, 0x00, 0xFE, 0xFF],
    ];

    public static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/problem+json", "application/merge-patch+json", "*/*", "application/", "%%%",
    ];

    /// <summary>Extra properties a client might slip in: privilege fields, ids, and System.Text.Json's metadata names.</summary>
    public static readonly string[] ExtraPropertyNames =
    [
        "role", "isAdmin", "id", "userId", "status", "price", "$type", "$id", "$ref", "$values", "__proto__", "constructor", "", "unknown",
    ];
}
