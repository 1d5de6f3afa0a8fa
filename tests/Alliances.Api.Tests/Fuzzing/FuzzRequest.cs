using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// A request as sent: built from the matrix's valid request and a <see cref="FuzzCase"/>, then described in full when
/// it fails. <see cref="Expect"/> is the narrower rule the attack adds to "no 5xx, every 4xx problem+json".
/// </summary>
internal sealed class FuzzRequest
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required string Method { get; init; }

    public required string Host { get; init; }

    public required string Path { get; set; }

    public List<KeyValuePair<string, string>> Query { get; } = [];

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public string? Bearer { get; set; }

    public byte[]? Body { get; set; }

    public string? ContentType { get; set; }

    /// <summary>What this request must get beyond the general rules; null for nothing more.</summary>
    public Expectation? Expect { get; set; }

    /// <summary>What the attack did, in words, for the failure message.</summary>
    public string Note { get; set; } = "";

    public string Url => Query.Count == 0 ? Path : Path + "?" + string.Join("&", Query.Select(q => q.Key + "=" + q.Value));

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Bearer is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                throw new NotSendableException($"{name} cannot carry {value}");
            }
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (!string.IsNullOrEmpty(ContentType) && !message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType))
            {
                throw new NotSendableException($"Content-Type cannot be {ContentType}");
            }
        }

        return message;
    }

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} http://{Host}{Excerpt(Url, 300)}\n");
        if (Bearer is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {Excerpt(Bearer, 16)}\n");
        }

        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {Excerpt(value, 200)}\n");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\n");
            var body = Encoding.UTF8.GetString(Body);
            text.Append(CultureInfo.InvariantCulture, $"({Body.Length} bytes) {Excerpt(body, 600)}\n");
        }

        return text.ToString();
    }

    /// <summary>JSON text of <paramref name="node"/> (non-ASCII left as it is, so UTF-8 reaches the server).</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    public static string Excerpt(string text, int length)
    {
        var visible = new StringBuilder();
        foreach (var c in text.Length > length ? text[..length] : text)
        {
            visible.Append(c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > length ? $"{visible}…(+{text.Length - length} chars)" : visible.ToString();
    }
}

/// <summary>The rule an attack adds: an exact status, any 4xx, or a success.</summary>
internal sealed record Expectation(string Rule, Func<int, bool> Holds)
{
    public static Expectation Status(int status, string why) => new($"{status} ({why})", s => s == status);

    public static Expectation ClientError(string why) => new($"a 4xx ({why})", s => s is >= 400 and < 500);
}

/// <summary>A case the HTTP client cannot express (a header value it refuses to send); skipped, not failed.</summary>
internal sealed class NotSendableException(string message) : Exception(message);
