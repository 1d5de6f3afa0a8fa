using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.RateLimiting;

public sealed class RateLimitsShould(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task Reject_OverTheLimit_With429_RetryAfter_AndAProblem()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        for (var i = 0; i < RateLimitedApiFactory.KeyLimit; i++)
        {
            using var ok = await client.GetAsync("/v1/alliance");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var rejected = await client.GetAsync("/v1/alliance");
        var problem = await rejected.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        var retryAfter = int.Parse(Assert.Single(rejected.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        Assert.Contains("r=0", Assert.Single(rejected.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LimitHeaders_OnEveryResponse()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var first = await client.GetAsync("/v1/alliance");
        using var notFound = await client.GetAsync($"/v1/api-keys/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);

        // The key's own limit, then the alliance's ceiling across all its callers.
        Assert.Equal($"\"key\";q={RateLimitedApiFactory.KeyLimit};w=3600, {RateLimitedApiFactory.AlliancePolicy}", Assert.Single(first.Headers.GetValues("RateLimit-Policy")));
        Assert.Matches($"^\"key\";r={RateLimitedApiFactory.KeyLimit - 1};t=\\d+, \"alliance\";r={RateLimitedApiFactory.AllianceLimit - 1};t=\\d+$",
            Assert.Single(first.Headers.GetValues("RateLimit")));
        Assert.Matches($"^\"key\";r={RateLimitedApiFactory.KeyLimit - 2};t=\\d+, \"alliance\";r={RateLimitedApiFactory.AllianceLimit - 2};t=\\d+$",
            Assert.Single(notFound.Headers.GetValues("RateLimit")));
    }

    [Fact]
    public async Task Partition_PerKey_AndAnonymousPerAlliance()
    {
        var alliance = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        for (var i = 0; i <= RateLimitedApiFactory.KeyLimit; i++)
        {
            using var _ = await organizer.GetAsync("/v1/alliance");
        }

        using (var exhausted = await organizer.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, exhausted.StatusCode);
        }

        // The anonymous traffic of the same alliance has its own bucket, and so does another alliance.
        using var anonymous = api.Alliance(alliance.Subdomain);
        using (var response = await anonymous.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"\"anonymous\";q={RateLimitedApiFactory.AnonymousLimit};w=3600, {RateLimitedApiFactory.AlliancePolicy}",
                Assert.Single(response.Headers.GetValues("RateLimit-Policy")));
        }

        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        using (var response = await otherOrganizer.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < RateLimitedApiFactory.AnonymousLimit; i++)
        {
            using var _ = await anonymous.GetAsync("/v1/alliance");
        }

        using var anonymousRejected = await anonymous.GetAsync("/v1/alliance");
        await anonymousRejected.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Fact]
    public async Task NeverLimit_HealthChecks()
    {
        using var platform = api.Platform();
        for (var i = 0; i < 10; i++)
        {
            using var response = await platform.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit"));
        }
    }

    /// <summary>
    /// A burst across hh:00: the key's last permits go at hh:59:59, the next request is refused with a Retry-After of
    /// exactly the second left, and at hh:00:00 a fresh window (reset an hour later) lets it through.
    /// </summary>
    [Fact]
    public async Task StartAFreshWindow_AtTheTopOfTheHour()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var hour = new Api.Infrastructure.RateLimiting.WindowLimit { PermitLimit = RateLimitedApiFactory.KeyLimit, WindowSeconds = 3600 };
        var topOfTheHour = Api.Infrastructure.RateLimiting.AlignedWindowLimiter.WindowEnd(hour, api.Clock.GetUtcNow());
        Assert.Equal(0, topOfTheHour.Minute + topOfTheHour.Second);
        api.Clock.Advance(topOfTheHour - api.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));

        for (var i = 0; i < RateLimitedApiFactory.KeyLimit; i++)
        {
            using var ok = await client.GetAsync("/v1/alliance");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var refused = await client.GetAsync("/v1/alliance"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.Equal("1", Assert.Single(refused.Headers.GetValues("Retry-After")));
            Assert.StartsWith("\"key\";r=0;t=1,", Assert.Single(refused.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        using var fresh = await client.GetAsync("/v1/alliance");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.StartsWith($"\"key\";r={RateLimitedApiFactory.KeyLimit - 1};t=3600,", Assert.Single(fresh.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
    }
}
