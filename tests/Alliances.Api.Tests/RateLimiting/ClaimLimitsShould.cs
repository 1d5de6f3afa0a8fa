using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>Issue 16, defect 9: claims (a schema and a role each) have their own limit per client address.</summary>
public sealed class ClaimLimitsShould(ClaimLimitApiFactory api) : IClassFixture<ClaimLimitApiFactory>
{
    [Fact]
    public async Task Allow_OnlyAFewClaimsPerAddress_AndNotCountRefusedOnes()
    {
        using var client = api.ClientFrom("203.0.113.50", ApiFactory.Apex);
        // An invalid claim is refused before the limit: it costs nothing and counts nothing.
        using (var reserved = await client.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody("admin")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reserved.StatusCode);
        }

        for (var i = 0; i < ClaimLimitApiFactory.ClaimLimit; i++)
        {
            using var claimed = await client.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(ApiFactory.NewSubdomain("cl")));
            await claimed.ReadJsonAsync(HttpStatusCode.Created);
        }

        var subdomain = ApiFactory.NewSubdomain("cl");
        using (var limited = await client.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain)))
        {
            await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.InRange(int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
            Assert.Equal($"\"claim\";q={ClaimLimitApiFactory.ClaimLimit};w=3600", Assert.Single(limited.Headers.GetValues("RateLimit-Policy")));
        }

        // Nothing was created for the refused claim, and another address may still claim it.
        using (var check = await client.GetAsync($"/v1/subdomains/{subdomain}"))
        {
            Assert.True((await check.ReadJsonAsync()).GetProperty("available").GetBoolean());
        }

        using var other = api.ClientFrom("203.0.113.51", ApiFactory.Apex);
        using var accepted = await other.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain));
        await accepted.ReadJsonAsync(HttpStatusCode.Created);
    }
}

/// <summary>Issue 16, defect 9: a platform-wide ceiling on claims, whatever address they come from.</summary>
public sealed class ClaimCeilingShould(ClaimCeilingApiFactory api) : IClassFixture<ClaimCeilingApiFactory>
{
    [Fact]
    public async Task RefuseClaims_OnceThePlatformHasTakenItsCeiling_FromAnyAddress()
    {
        // The class has a database of its own; the claims counted are this test's (the alliance the factory may seed aside).
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= ClaimCeilingApiFactory.Ceiling && refused is null; i++)
        {
            using var client = api.ClientFrom($"198.51.100.{100 + i}", ApiFactory.Apex);
            var response = await client.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(ApiFactory.NewSubdomain("ceil")));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.Equal($"\"claim-ceiling\";q={ClaimCeilingApiFactory.Ceiling};w=3600", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Created), 0, ClaimCeilingApiFactory.Ceiling);
    }
}
