using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.ApiKeys;

/// <summary>
/// Every way of failing authentication looks the same from outside, so a caller cannot tell a revoked key from an
/// unknown one, or learn that a key exists at another alliance (API-CONVENTIONS: one identical body).
/// </summary>
public sealed partial class UnauthorizedResponsesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    // Headers that legitimately differ per request.
    private static readonly HashSet<string> PerRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "traceparent", "tracestate", "Request-Id", "Request-Context", "X-Trace-Id", "X-Request-Id", "Server-Timing",
    };

    [Theory]
    [InlineData("/v1/api-keys", true)]
    [InlineData("/v1/alliance", false)]
    public async Task BeByteIdenticalApartFromTheTraceId_WhateverIsWrongWithTheKey(string path, bool routeNeedsAKey)
    {
        var alliance = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var revoked = await organizer.CreateKeyAsync("organizer");
        await organizer.RevokeKeyAsync(revoked.Id);
        var expired = await organizer.CreateKeyAsync("organizer", expiresAt: DateTimeOffset.UtcNow.AddHours(1));
        await (await AllianceSchema.OfAsync(api.Database, alliance.Subdomain)).ExpireKeyAsync(expired.Id);

        var cases = new List<(string Case, string? Authorization)>
        {
            ("'Bearer' alone", "Bearer"),
            ("'Bearer ' and nothing", "Bearer "),
            ("Basic credentials", "Basic xyz"),
            ("a key without a scheme", alliance.OrganizerKey),
            ("a token that is not key-shaped", "Bearer not-a-key"),
            ("a key-shaped unknown key", "Bearer " + ApiKeyCalls.UnknownKey()),
            ("the key truncated by one character", "Bearer " + alliance.OrganizerKey[..^1]),
            ("a revoked key", "Bearer " + revoked.Key),
            ("an expired key", "Bearer " + expired.Key),
            ("a key of another alliance", "Bearer " + other.OrganizerKey),
            ("the operator key", "Bearer " + ApiFactory.OperatorKey),
        };
        if (routeNeedsAKey)
        {
            cases.Insert(0, ("no Authorization header", null));
        }

        var host = $"{alliance.Subdomain}.{ApiFactory.Apex}";
        var responses = new List<(string Case, Snapshot Response)>();
        foreach (var (name, authorization) in cases)
        {
            responses.Add((name, await SendAsync(host, path, authorization)));
        }

        var notRefused = responses.Where(r => r.Response.Status != 401).Select(r => $"{r.Case}: {r.Response.Status}").ToList();
        Assert.True(notRefused.Count == 0, $"Every bad key must get 401 on {path}, but: {string.Join("; ", notRefused)}");
        // A request without a key has the same body, but its rate-limit headers name the alliance's anonymous quota:
        // failed keys count in their own bucket (issue 16), which tells the caller nothing it did not send itself.
        if (routeNeedsAKey)
        {
            var (_, noKey) = responses[0];
            responses.RemoveAt(0);
            Assert.Equal(responses[0].Response.Body, noKey.Body);
            Assert.Contains("RateLimit-Policy: \"anonymous\"", noKey.Headers, StringComparison.Ordinal);
            Assert.Contains("RateLimit-Policy: \"failed-auth\"", responses[0].Response.Headers, StringComparison.Ordinal);
        }

        var (firstCase, expected) = responses[0];
        Assert.Contains("https://alliances.dev/problems/unauthorized", expected.Body, StringComparison.Ordinal);
        Assert.Contains("WWW-Authenticate: Bearer", expected.Headers, StringComparison.Ordinal);
        foreach (var (name, actual) in responses.Skip(1))
        {
            Assert.True(expected == actual,
                $"The 401 for {name} differs from the one for {firstCase}.\n--- {firstCase}\n{expected}\n--- {name}\n{actual}");
        }

        // The key that does work is not refused: the cases above fail for their own reasons, not for a broken setup.
        var ok = await SendAsync(host, path, "Bearer " + alliance.OrganizerKey);
        Assert.Equal(200, ok.Status);
    }

    private async Task<Snapshot> SendAsync(string host, string path, string? authorization)
    {
        using var client = api.ClientFor(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        }

        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(text));
        var body = text;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var traceId = JsonDocument.Parse(text).RootElement.GetProperty("traceId").GetString();
            Assert.False(string.IsNullOrEmpty(traceId));
            body = text.Replace(traceId, "<traceId>", StringComparison.Ordinal);
        }

        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !PerRequestHeaders.Contains(h.Key))
            .Select(h => $"{h.Key}: {Normalise(h.Key, string.Join(", ", h.Value))}")
            .Order(StringComparer.OrdinalIgnoreCase);
        return new Snapshot((int)response.StatusCode, string.Join("\n", headers), body);
    }

    // The remaining quota and the seconds to reset change with every request; which limit applies must not.
    private static string Normalise(string header, string value) =>
        header.Equals("RateLimit", StringComparison.OrdinalIgnoreCase) ? RemainingAndReset().Replace(value, "$1=#") : value;

    [GeneratedRegex(@"\b([rt])=\d+")]
    private static partial Regex RemainingAndReset();

    private sealed record Snapshot(int Status, string Headers, string Body)
    {
        public override string ToString() => $"{Status}\n{Headers}\n\n{Body}";
    }
}
