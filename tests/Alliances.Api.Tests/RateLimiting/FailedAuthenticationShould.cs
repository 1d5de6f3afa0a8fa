using System.Net;
using Alliances.Api.Infrastructure.RateLimiting;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// Issue 16, defect 6: requests whose key fails authentication count in a bucket of their client address, never in the
/// alliance's anonymous quota, and once the bucket is empty, keys from that address are refused before any lookup.
/// Each test uses addresses of its own, so the buckets of one test never meet another's.
/// </summary>
public sealed class FailedAuthenticationShould(FailedAuthApiFactory api) : IClassFixture<FailedAuthApiFactory>
{
    private const int Limit = FailedAuthApiFactory.FailedAuthLimit;

    [Fact]
    public async Task LeaveTheAnonymousQuota_AndOtherAddressesKeys_Untouched()
    {
        var alliance = await api.ClaimAsync();
        var host = $"{alliance.Subdomain}.{ApiFactory.Apex}";
        using var attacker = api.ClientFrom("203.0.113.10", host, "garbage");
        for (var i = 0; i < Limit; i++)
        {
            using var refused = await attacker.GetAsync("/v1/spaces");
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal($"\"failed-auth\";q={Limit};w=3600", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));
        }

        using (var limited = await attacker.GetAsync("/v1/spaces"))
        {
            await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.StartsWith("\"failed-auth\";r=0;", Assert.Single(limited.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        // The alliance's anonymous readers, even from the attacker's own address, still have their whole quota.
        using var anonymous = api.ClientFrom("203.0.113.10", host);
        using (var read = await anonymous.GetAsync("/v1/spaces"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.StartsWith($"\"anonymous\";r={FailedAuthApiFactory.AnonymousLimit - 1};", Assert.Single(read.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        using var organizer = api.ClientFrom("198.51.100.20", host, alliance.OrganizerKey);
        using var keyed = await organizer.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
    }

    [Fact]
    public async Task RefuseKeysFromAnAddressOverItsLimit_BeforeLookingThemUp()
    {
        var alliance = await api.ClaimAsync();
        var host = $"{alliance.Subdomain}.{ApiFactory.Apex}";
        for (var i = 0; i <= Limit; i++)
        {
            // Well-formed, made-up keys: each would cost a lookup.
            using var guesser = api.ClientFrom("192.0.2.30", host, ApiKeyCalls.UnknownKey());
            using var _ = await guesser.GetAsync("/v1/alliance");
        }

        // A valid key from that address gets the same 429: proof that the key was not looked up.
        using var sameAddress = api.ClientFrom("192.0.2.30", host, alliance.OrganizerKey);
        using (var refused = await sameAddress.GetAsync("/v1/api-keys"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        }

        using var elsewhere = api.ClientFrom("192.0.2.31", host, alliance.OrganizerKey);
        using var accepted = await elsewhere.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task CountOneAddress_AcrossEveryAlliance_AndAnIPv6ClientByIts64()
    {
        var first = await api.ClaimAsync();
        var second = await api.ClaimAsync();
        for (var i = 0; i < Limit; i++)
        {
            // A different address of the same /64 each time.
            using var guesser = api.ClientFrom($"2001:db8:1:2::{i + 1:x}", $"{first.Subdomain}.{ApiFactory.Apex}", "garbage");
            using var refused = await guesser.GetAsync("/v1/alliance");
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var atSecond = api.ClientFrom("2001:db8:1:2:ffff::1", $"{second.Subdomain}.{ApiFactory.Apex}", "garbage");
        using var limited = await atSecond.GetAsync("/v1/alliance");
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::")]
    public void Group_Addresses(string address, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), ClientAddress.Normalize(IPAddress.Parse(address)));
}
