using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// A 500 is a bug: the client gets problem+json that says nothing about the cause (no exception type, message, stack
/// trace or SQL), and the log gets everything, with the alliance and the trace id the client was given.
/// </summary>
public sealed class UnhandledExceptionsShould(ErrorsApiFactory api) : IClassFixture<ErrorsApiFactory>
{
    private static readonly string[] BoomSecrets =
        ["boom-7f3a", "password_hash", "platform.secrets", "SELECT", "InvalidOperationException", "ErrorsApiFactory", "ThrowingRoutes", " at "];

    private static readonly string[] SqlBoomSecrets =
        ["sqlboom", "42601", "syntax error", "api_keys", "SELECT", "PostgresException", "Npgsql", " at "];

    [Fact]
    public async Task Return500WithoutDetails_AndLogTheException_OnThePlatformHost()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri(ErrorsApiFactory.BoomPath, UriKind.Relative));

        var problem = await AssertOpaque500Async(response, BoomSecrets);
        var entry = await FindLoggedAsync<InvalidOperationException>(e => e.Message == ErrorsApiFactory.BoomMessage);
        AssertLoggedWithContext(entry, problem, alliance: "-");
    }

    [Fact]
    public async Task Return500WithoutDetails_AndLogTheExceptionWithTheAlliance_OnAnAllianceHost()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri(ErrorsApiFactory.BoomPath, UriKind.Relative));

        var problem = await AssertOpaque500Async(response, BoomSecrets);
        var entry = await FindLoggedAsync<InvalidOperationException>(e => e.Message == ErrorsApiFactory.BoomMessage);
        AssertLoggedWithContext(entry, problem, alliance: alliance.Subdomain);
        // The request was counted, so its 500 says so, though the exception handler clears the headers it had.
        Assert.Matches("^\"key\";r=\\d+;t=\\d+, \"alliance\";r=\\d+;t=\\d+$", Assert.Single(response.Headers.GetValues("RateLimit")));
        Assert.StartsWith("\"key\";q=", Assert.Single(response.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return500WithoutDetails_ForAPost()
    {
        using var platform = api.Platform();
        using var response = await platform.PostAsync(new Uri(ErrorsApiFactory.BoomPath, UriKind.Relative), ErrorRequests.Json("{}"));

        await AssertOpaque500Async(response, BoomSecrets);
    }

    // A query that fails for a reason other than a lost connection is a bug, not a 503, and its SQL stays in the log.
    [Fact]
    public async Task Return500WithoutSql_AndLogTheSql_ForADatabaseError()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri(ErrorsApiFactory.SqlBoomPath, UriKind.Relative));

        var problem = await AssertOpaque500Async(response, SqlBoomSecrets);
        Assert.False(response.Headers.Contains("Retry-After"), "A bug is not worth retrying: a 500 carries no Retry-After.");
        var entry = await FindLoggedAsync<PostgresException>(e => e.InternalQuery == ErrorsApiFactory.SqlBoomQuery);
        AssertLoggedWithContext(entry, problem, alliance: alliance.Subdomain);
        Assert.Contains(ErrorsApiFactory.SqlBoomQuery, entry.FullText, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertOpaque500Async(HttpResponseMessage response, string[] secrets)
    {
        var problem = await response.AssertFullProblemAsync(HttpStatusCode.InternalServerError, "internal");
        var text = problem.GetRawText();
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The 500 body gives away '{secret}': {text}");
        }

        Assert.False(problem.TryGetProperty("exception", out _), "The 500 body has an exception member.");
        Assert.False(problem.TryGetProperty("stackTrace", out _), "The 500 body has a stack trace member.");
        return problem;
    }

    private async Task<CapturedLogEntry> FindLoggedAsync<TException>(Func<TException, bool> match) where TException : Exception
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var entry = api.Logs.Entries.LastOrDefault(e => e.Level >= LogLevel.Error && e.Exception is TException ex && match(ex));
            if (entry is not null)
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No Error entry logged the {typeof(TException).Name}. Errors logged:\n" +
                string.Join('\n', api.Logs.Entries.Where(e => e.Level >= LogLevel.Error)));
            await Task.Delay(20);
        }
    }

    private static void AssertLoggedWithContext(CapturedLogEntry entry, JsonElement problem, string alliance)
    {
        // The exception with its stack trace, the request, the alliance…
        Assert.Contains(" at ", entry.FullText, StringComparison.Ordinal);
        Assert.Equal(alliance, entry.Values.GetValueOrDefault("Alliance")?.ToString());
        Assert.NotNull(entry.Values.GetValueOrDefault("Path"));

        // …and the trace id the client was given, so a support request can be matched to this entry.
        var traceId = problem.GetProperty("traceId").GetString()!;
        var loggedTraceId = entry.ScopeValues.GetValueOrDefault("TraceId")?.ToString();
        var loggedRequestId = entry.ScopeValues.GetValueOrDefault("RequestId")?.ToString();
        Assert.True(
            (!string.IsNullOrEmpty(loggedTraceId) && traceId.Contains(loggedTraceId, StringComparison.Ordinal)) || traceId == loggedRequestId,
            $"The problem's traceId {traceId} is not in the log entry's scopes: {string.Join(" => ", entry.Scopes)}");
    }
}
