using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// An API key in the URL is refused with 400 <c>key-in-query-string</c>, on every host, and its text is written
/// nowhere: not in the response, and not in any log line, with every category logging at Trace.
/// </summary>
public sealed class QueryStringKeysShould(ErrorsApiFactory api) : IClassFixture<ErrorsApiFactory>
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Theory]
    [InlineData("api_key")]
    [InlineData("apikey")]
    [InlineData("access_token")]
    [InlineData("token")]
    [InlineData("q")] // an innocent name, but the value is a key
    public async Task Return400KeyInQueryString_OnThePlatformHost(string parameter)
    {
        var key = NewKey();
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri($"/v1/alliances?{parameter}={key}", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "key-in-query-string");
        Assert.DoesNotContain(key, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return400KeyInQueryString_OnAnAllianceHost_EvenWithAValidKeyInTheHeader()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri($"/v1/api-keys?api_key={alliance.OrganizerKey}", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "key-in-query-string");
        Assert.DoesNotContain(alliance.OrganizerKey, problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(alliance.OrganizerKey, string.Join('\n', response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value)),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return400KeyInQueryString_OnAnUnknownRoute()
    {
        var key = NewKey();
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri($"/v1/no-such-thing?api_key={key}", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "key-in-query-string");
    }

    // What the application itself logs about such a request (its own categories, ASP.NET Core's routing, auth and
    // exception handling) never contains the key.
    [Fact]
    public async Task NotWriteTheKeyToTheApplicationsLog()
    {
        var key = NewKey();
        await SendKeyInQueryAsync(key);

        var leaks = api.Logs.Entries.Where(e => e.Category != HostingCategory && e.FullText.Contains(key, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "The key was logged:\n" + string.Join('\n', leaks));
    }

    // Every line, every category, at Trace: including ASP.NET Core hosting's "Request starting/finished" lines, which
    // carry the full query string. appsettings.json keeps that category at Warning, but a provider-specific level
    // (Logging:Console:LogLevel:Default=Debug, or this test's Logging:Capture:LogLevel:Default=Trace) overrides it.
    [Fact]
    public async Task NotWriteTheKeyToAnyLogLine_EvenAtTraceLevel()
    {
        var key = NewKey();
        await SendKeyInQueryAsync(key);

        var entries = api.Logs.Entries;
        // The capture really records at Trace (routing's debug lines are there). Hosting's request lines are not: the API
        // pins that category to Warning for every provider, which is what keeps the query string out of the log.
        Assert.Contains(entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Category == HostingCategory && e.FullText.Contains("Request starting", StringComparison.Ordinal));
        var leaks = entries.Where(e => e.FullText.Contains(key, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "The key was logged:\n" + string.Join('\n', leaks));
    }

    private async Task SendKeyInQueryAsync(string key)
    {
        var alliance = await api.SharedAllianceAsync();
        var finishedBefore = RequestsFinished();
        using (var client = api.Alliance(alliance.Subdomain))
        using (var response = await client.GetAsync(new Uri($"/v1/alliance?api_key={key}", UriKind.Relative)))
        {
            await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "key-in-query-string");
        }

        using (var platform = api.Platform())
        using (var response = await platform.GetAsync(new Uri($"/v1/alliances?access_token={key}", UriKind.Relative)))
        {
            await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "key-in-query-string");
        }

        // Hosting writes "Request finished" once a response is complete, which may be just after the client has it.
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (RequestsFinished() < finishedBefore + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private int RequestsFinished() => api.Logs.Entries.Count(e => e.Category == HostingCategory && e.EventId.Id == 2);

    private static string NewKey() => "alk_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..11];
}
