using System.Globalization;
using System.Text;
using System.Text.Json;
using Alliances.Api.Infrastructure.Json;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.Net.Http.Headers;

namespace Alliances.Api.Infrastructure.Validation;

/// <summary>
/// Checks, in one place and before any endpoint runs, every string a request carries: the path, each query parameter,
/// each header and, for a JSON body, every property name and string value. Text that breaks <see cref="UnsafeText"/>
/// is a 400 naming the field; a JSON object that names a property twice is a 400 naming the property (System.Text.Json
/// would keep the last, and JsonNode throws, which was a 500 in merge patches). Per-field validators would miss a
/// field, a query parameter or a nested object sooner or later; this does not.
/// <para>
/// A body that is not valid JSON is left to model binding, which reports it with the path of the error. The body is
/// buffered (it is at most 1 MiB, see <see cref="RequestBodyLimitMiddleware"/>) so the endpoint reads it again.
/// Runs after authentication, so a caller without access still gets its 401 or 403 first.
/// </para>
/// </summary>
public sealed class RequestTextGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint() is RouteEndpoint)
        {
            var request = context.Request;
            if (UnsafeText.IsUnsafe(request.Path.Value))
            {
                throw new InvalidRequestException("path", "The path " + UnsafeText.Message);
            }

            if (!QueryDecodesToUtf8(request.QueryString.Value))
            {
                throw new InvalidRequestException("query", "The query string is not UTF-8 once percent-decoded (e.g. %C0%80 or %FF).");
            }

            foreach (var (name, values) in request.Query)
            {
                if (UnsafeText.IsUnsafe(name))
                {
                    throw new InvalidRequestException("query", "A query parameter name " + UnsafeText.Message);
                }

                foreach (var value in values)
                {
                    if (UnsafeText.IsUnsafe(value))
                    {
                        throw new InvalidRequestException(name, $"Query parameter '{name}' " + UnsafeText.Message);
                    }
                }
            }

            foreach (var (name, values) in request.Headers)
            {
                foreach (var value in values)
                {
                    if (UnsafeText.IsUnsafe(value))
                    {
                        throw new InvalidRequestException(name, $"Header '{name}' " + UnsafeText.Message);
                    }
                }
            }

            if (IsJson(request.ContentType) && request.ContentLength is null or > 0)
            {
                await CheckBodyAsync(request, context.RequestAborted);
            }
        }

        await next(context);
    }

    /// <summary>
    /// ASP.NET leaves a percent-escape that is not UTF-8 undecoded (<c>%C0%80</c> arrives as that literal text), so the
    /// decoded values cannot tell it from text; the raw query is decoded here, one parameter at a time, to refuse it.
    /// </summary>
    private static bool QueryDecodesToUtf8(string? raw)
    {
        if (string.IsNullOrEmpty(raw) || !raw.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new byte[raw.Length * 3];
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%' && i + 2 < raw.Length && byte.TryParse(raw.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier,
                    System.Globalization.CultureInfo.InvariantCulture, out var escaped))
            {
                bytes[count++] = escaped;
                i += 2;
            }
            else if (c is '&' or '=')
            {
                if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, count)))
                {
                    return false;
                }

                count = 0;
            }
            else
            {
                count += System.Text.Encoding.UTF8.GetBytes(raw.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1), bytes.AsSpan(count));
                if (char.IsHighSurrogate(c) && i + 1 < raw.Length)
                {
                    i++;
                }
            }
        }

        return System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, count));
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Value is { } type &&
        (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static async Task CheckBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken);
        request.Body.Position = 0;
        Scan(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>Walks the JSON once; throws <see cref="InvalidRequestException"/> at the first unsafe string or duplicate property.</summary>
    internal static void Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames[^1];
                        var name = ReadString(ref reader, frames, "A property name");
                        frame.Property = name;
                        if (UnsafeText.IsUnsafe(name))
                        {
                            throw new InvalidRequestException(PathOf(frames), "A property name " + UnsafeText.Message);
                        }

                        if (!(frame.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                        {
                            throw new InvalidRequestException(PathOf(frames), $"'{name}' appears more than once in the same JSON object.",
                                ProblemTypes.MalformedJson);
                        }

                        break;
                    case JsonTokenType.String:
                        NextElement(frames);
                        var value = ReadString(ref reader, frames, null);
                        if (UnsafeText.IsUnsafe(value))
                        {
                            throw Unsafe(frames, null);
                        }

                        break;
                    default:
                        NextElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not valid JSON: model binding reports it, with its own path and message.
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, List<Frame> frames, string? what)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") cannot become a .NET string.
            throw Unsafe(frames, what);
        }
    }

    private static InvalidRequestException Unsafe(List<Frame> frames, string? what)
    {
        var path = PathOf(frames);
        return new InvalidRequestException(path, (what ?? $"'{path}'") + " " + UnsafeText.Message);
    }

    private static void NextElement(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsObject)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = "";
        foreach (var frame in frames)
        {
            if (frame.IsObject)
            {
                if (frame.Property is { } property)
                {
                    path = JsonPaths.Combine(path, UnsafeText.IsUnsafe(property) ? Printable(property) : property);
                }
            }
            else if (frame.Index >= 0)
            {
                path += $"[{frame.Index}]";
            }
        }

        return path.Length == 0 ? "$" : path;
    }

    // A field name is echoed in errors; the offending characters are shown as escapes, never sent back raw.
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public string? Property { get; set; }

        public HashSet<string>? Names { get; set; }

        public int Index { get; set; } = -1;
    }
}

/// <summary>Adds <see cref="RequestTextGuard"/>: after authorization, before idempotency and the endpoint.</summary>
public static class RequestTextGuardSetup
{
    public static IApplicationBuilder UseAlliancesRequestTextGuard(this IApplicationBuilder app) => app.UseMiddleware<RequestTextGuard>();
}
