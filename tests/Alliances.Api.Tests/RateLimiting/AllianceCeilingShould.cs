using System.Net;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// An alliance's traffic as a whole is held to a ceiling, whichever keys it uses, so minting keys does not buy an
/// alliance a bigger share of the API. A key's own rejections do not count against its alliance.
/// </summary>
public sealed class AllianceCeilingShould(AllianceCeilingApiFactory api) : IClassFixture<AllianceCeilingApiFactory>
{
    [Fact]
    public async Task Hold_AllOfAnAlliancesCallers_ToItsCeiling_AndNoOneElse()
    {
        var alliance = await api.ClaimAsync();
        var neighbour = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var second = await organizer.CreateKeyAsync("integration");
        using var integration = api.Alliance(alliance.Subdomain, second.Key);

        // Neither key reaches its own limit of 5, but together they reach the alliance's 8.
        for (var i = 0; i < 3; i++)
        {
            using var ok = await organizer.GetAsync("/v1/alliance");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < 4; i++)
        {
            using var ok = await integration.GetAsync("/v1/alliance");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var overCeiling = await integration.GetAsync("/v1/alliance");
        var problem = await overCeiling.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("across all its keys", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Matches("\"alliance\";r=0;t=\\d+$", Assert.Single(overCeiling.Headers.GetValues("RateLimit")));
        Assert.True(overCeiling.Headers.Contains("Retry-After"));

        // Anonymous traffic of the same alliance is over the ceiling too; the neighbour is not touched.
        using var anonymous = api.Alliance(alliance.Subdomain);
        using (var response = await anonymous.GetAsync("/v1/spaces"))
        {
            await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        }

        using var neighbourOrganizer = api.Alliance(neighbour.Subdomain, neighbour.OrganizerKey);
        using var neighbours = await neighbourOrganizer.GetAsync("/v1/alliance");
        Assert.Equal(HttpStatusCode.OK, neighbours.StatusCode);
    }

    [Fact]
    public async Task NotCharge_TheAlliance_ForAKeysOwnRejections()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var second = await organizer.CreateKeyAsync("integration");
        using var integration = api.Alliance(alliance.Subdomain, second.Key);

        // The organizer key uses its 5 (the alliance 5 of 8), then floods: its 10 rejections must cost the alliance nothing.
        for (var i = 0; i < AllianceCeilingApiFactory.KeyLimit - 1 + 10; i++)
        {
            using var _ = await organizer.GetAsync("/v1/alliance");
        }

        for (var i = 0; i < AllianceCeilingApiFactory.AllianceLimit - AllianceCeilingApiFactory.KeyLimit; i++)
        {
            using var ok = await integration.GetAsync("/v1/alliance");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var overCeiling = await integration.GetAsync("/v1/alliance");
        await overCeiling.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
    }
}
