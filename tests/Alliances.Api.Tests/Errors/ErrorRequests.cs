using System.Net;
using System.Text;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Errors;

/// <summary>Request builders and problem assertions shared by the error tests.</summary>
public static class ErrorRequests
{
    public const int OneMiB = 1024 * 1024;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The methods in the Allow header, upper-case and sorted.</summary>
    public static string[] AllowedMethods(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.Content.Headers.TryGetValues("Allow", out var values) || response.Headers.TryGetValues("Allow", out values),
            "A 405 must carry an Allow header.");
        return [.. values!.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(m => m.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <see cref="ProblemAssertions.AssertProblemAsync"/> plus the rest of the conventions: a non-empty <c>detail</c>, and
    /// nothing in the body that reads like an exception (a type name or a stack frame).
    /// </summary>
    public static async Task<JsonElement> AssertFullProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string typeSuffix)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.AssertProblemAsync(status, typeSuffix);
        Assert.True(body.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Length > 0,
            $"The problem has no detail: {body}");
        var text = body.GetRawText();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Alliances.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Microsoft.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at System.", text, StringComparison.Ordinal);
        // Nor an internal .NET type or namespace name (e.g. from a System.Text.Json or binding message).
        Assert.DoesNotContain("Alliances.Api", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.", text, StringComparison.Ordinal);
        return body;
    }

    /// <summary>The <c>errors</c> object of a validation problem, with the field names it holds.</summary>
    public static IReadOnlyDictionary<string, string[]> Errors(this JsonElement problem)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object,
            $"The problem has no errors object: {problem}");
        return errors.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>Asserts that <c>errors</c> names <paramref name="field"/> with a non-empty message, and returns the messages.</summary>
    public static string[] AssertNamesField(this JsonElement problem, string field)
    {
        var errors = problem.Errors();
        Assert.True(errors.TryGetValue(field, out var messages), $"errors does not name '{field}': {problem}");
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        return messages;
    }

    /// <summary>A request body of <paramref name="bytes"/> bytes sent without a Content-Length (chunked).</summary>
    public static HttpContent Chunked(long bytes, string contentType = "application/json") => new ChunkedContent(bytes, contentType);

    /// <summary>A JSON object of at least <paramref name="bytes"/> bytes: one long string property, <c>name</c>.</summary>
    public static byte[] LargeJson(int bytes)
    {
        var prefix = "{\"name\":\""u8.ToArray();
        var suffix = "\"}"u8.ToArray();
        var body = new byte[Math.Max(bytes, prefix.Length + suffix.Length)];
        prefix.CopyTo(body, 0);
        body.AsSpan(prefix.Length, body.Length - prefix.Length - suffix.Length).Fill((byte)'a');
        suffix.CopyTo(body, body.Length - suffix.Length);
        return body;
    }

    private sealed class ChunkedContent : HttpContent
    {
        private readonly long _bytes;

        public ChunkedContent(long bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = new(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"name\":\""u8.ToArray());
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            for (long written = 0; written < _bytes; written += chunk.Length)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }

            await stream.WriteAsync("\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
