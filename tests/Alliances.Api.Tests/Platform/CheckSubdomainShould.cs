using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Platform;

public sealed class CheckSubdomainShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task SayAnUnclaimedLabelIsAvailable()
    {
        var label = ApiFactory.NewSubdomain("free");
        var verdict = await CheckAsync(label);

        Assert.Equal(label, verdict.GetProperty("subdomain").GetString());
        Assert.True(verdict.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, verdict.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, verdict.GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task SayALabelIsTaken_AfterItIsClaimed()
    {
        var label = ApiFactory.NewSubdomain("taken");
        Assert.True((await CheckAsync(label)).GetProperty("available").GetBoolean());

        await api.ClaimAsync(label);
        var verdict = await CheckAsync(label);

        Assert.False(verdict.GetProperty("available").GetBoolean());
        Assert.Equal("taken", verdict.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task AgreeWithTheClaimEndpoint()
    {
        // "available" is a promise about POST /v1/alliances: what it calls available can be claimed, and then it is not.
        var label = ApiFactory.NewSubdomain("agree");
        Assert.True((await CheckAsync(label)).GetProperty("available").GetBoolean());
        using var platform = api.Platform();
        using var claim = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(label));
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        Assert.Equal("taken", (await CheckAsync(label)).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("www")]
    [InlineData("api")]
    [InlineData("admin")]
    [InlineData("localhost")]
    [InlineData("status")]
    [InlineData("Docs")]
    public async Task SayAReservedNameIsReserved(string label)
    {
        var verdict = await CheckAsync(label);

        Assert.Equal(label.ToLowerInvariant(), verdict.GetProperty("subdomain").GetString());
        Assert.False(verdict.GetProperty("available").GetBoolean());
        Assert.Equal("reserved", verdict.GetProperty("reason").GetString());
        Assert.Equal("reserved", verdict.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("-abc", "leading-hyphen")]
    [InlineData("abc-", "trailing-hyphen")]
    [InlineData("ab--cd", "double-hyphen-at-3-4")]
    [InlineData("xn--abc", "double-hyphen-at-3-4")]
    [InlineData("a_b", "invalid-characters")]
    [InlineData("a.b", "invalid-characters")]
    [InlineData("caf%C3%A9", "invalid-characters")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "too-long")]
    public async Task SayAnInvalidLabelIsInvalid_NamingTheRule(string label, string rule)
    {
        var verdict = await CheckAsync(label);

        Assert.False(verdict.GetProperty("available").GetBoolean());
        Assert.Equal("invalid", verdict.GetProperty("reason").GetString());
        Assert.Equal(rule, verdict.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task FoldCase_BeforeChecking()
    {
        var label = ApiFactory.NewSubdomain("fold");
        var upper = label.ToUpperInvariant();

        var free = await CheckAsync(upper);
        Assert.Equal(label, free.GetProperty("subdomain").GetString());
        Assert.True(free.GetProperty("available").GetBoolean());

        await api.ClaimAsync(label);
        var taken = await CheckAsync(upper);
        Assert.Equal(label, taken.GetProperty("subdomain").GetString());
        Assert.Equal("taken", taken.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SayADeletedAlliancesLabelIsAvailableAgain()
    {
        var claimed = await api.ClaimAsync(ApiFactory.NewSubdomain("gone"));
        using var op = api.Operator();
        using var delete = await op.DeleteAsync($"/v1/alliances/{claimed.Subdomain}?confirm={claimed.Subdomain}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);

        Assert.True((await CheckAsync(claimed.Subdomain)).GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task RejectUnknownQueryParameters()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync($"/v1/subdomains/{ApiFactory.NewSubdomain()}?verbose=1");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("verbose", out _), problem.ToString());
    }

    private async Task<JsonElement> CheckAsync(string label)
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync($"/v1/subdomains/{label}");
        return await response.ReadJsonAsync();
    }
}
