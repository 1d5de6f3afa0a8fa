using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Errors;

/// <summary>Unknown query parameters and bad paging values are a 400 naming the parameter, never silently ignored.</summary>
public sealed class QueryParametersShould(ErrorsApiFactory api) : IClassFixture<ErrorsApiFactory>
{
    [Theory]
    [InlineData("/v1/alliances?status=active", "status")]
    [InlineData("/v1/alliances?limit=5&sort=name", "sort")]
    [InlineData("/v1/subdomains/abc?verbose=1", "verbose")]
    public async Task Return400NamingIt_ForAnUnknownQueryParameter_OnThePlatformHost(string url, string parameter)
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField(parameter);
        Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/api-keys?role=organizer", "role")]
    [InlineData("/v1/alliance?fields=name", "fields")]
    public async Task Return400NamingIt_ForAnUnknownQueryParameter_OnAnAllianceHost(string url, string parameter)
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField(parameter);
    }

    [Fact]
    public async Task Return400NamingIt_AndCreateNothing_ForAnUnknownQueryParameterOnAValidPost()
    {
        var subdomain = ApiFactory.NewSubdomain();
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync(
            new Uri("/v1/alliances?dryRun=true", UriKind.Relative), ApiFactory.ClaimBody(subdomain));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("dryRun");
        using var check = await platform.GetAsync(new Uri($"/v1/subdomains/{subdomain}", UriKind.Relative));
        Assert.True((await check.ReadJsonAsync()).GetProperty("available").GetBoolean(), "The claim went through despite the 400.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task Return400NamingLimit_ForABadLimit_OnThePlatformHost(string limit)
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri($"/v1/alliances?limit={limit}", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("limit");
    }

    [Fact]
    public async Task Return400NamingLimit_ForARepeatedLimit()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri("/v1/alliances?limit=5&limit=6", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("limit");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("abc")]
    public async Task Return400NamingLimit_ForABadLimit_OnAnAllianceHost(string limit)
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri($"/v1/api-keys?limit={limit}", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("limit");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("100")]
    public async Task Accept_TheLimitsOfTheRange(string limit)
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri($"/v1/alliances?limit={limit}", UriKind.Relative));

        var page = await response.ReadJsonAsync();
        Assert.True(page.GetProperty("items").GetArrayLength() <= int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!")]
    [InlineData("WyJhIiwiYiJd")] // base64url of ["a","b"]: well-formed, but not an id this API issued
    [InlineData("e30")] // base64url of {}
    [InlineData("")]
    public async Task Return400NamingCursor_ForAGarbageCursor_OnThePlatformHost(string cursor)
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri($"/v1/alliances?cursor={cursor}", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("cursor");
    }

    [Fact]
    public async Task Return400NamingCursor_ForAnOverlongCursor()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri($"/v1/alliances?cursor={new string('A', 2000)}", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("cursor");
    }

    [Fact]
    public async Task Return400NamingCursor_ForAGarbageCursor_OnAnAllianceHost()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri("/v1/api-keys?cursor=garbage", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("cursor");
    }
}
