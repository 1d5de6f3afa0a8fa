using System.Net;
using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Infrastructure.RateLimiting;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// A key already throttled in this window is turned away before authentication, so a flood of rejections costs no
/// database round trip. These tests pin down what that shortcut may and may not do.
/// </summary>
public sealed class ThrottledKeysShould(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task TurnAway_AThrottledKey_WithoutAuthenticatingIt_AndTheLimitersOwn429()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var keyId = await organizer.ClaimKeyIdAsync();
        var other = await organizer.CreateKeyAsync("organizer");
        using var revoker = api.Alliance(alliance.Subdomain, other.Key);
        for (var i = 0; i < RateLimitedApiFactory.KeyLimit - 2; i++)
        {
            using var _ = await organizer.GetAsync("/v1/alliance");
        }

        using var fromLimiter = await organizer.GetAsync("/v1/alliance");
        await fromLimiter.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");

        // Revoked now: authenticating the key would answer 401. The 429 proves nothing looked the key up.
        await revoker.RevokeKeyAsync(keyId);
        using var shortCircuited = await organizer.GetAsync("/v1/alliance");
        await shortCircuited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");

        Assert.Equal(Assert.Single(fromLimiter.Headers.GetValues("RateLimit-Policy")), Assert.Single(shortCircuited.Headers.GetValues("RateLimit-Policy")));
        // The key's state is the same; the alliance's ceiling has counted the revocation in between.
        Assert.Equal(KeyState(fromLimiter), KeyState(shortCircuited));
        Assert.StartsWith("\"key\";r=0;", KeyState(shortCircuited), StringComparison.Ordinal);

        var retryAfter = int.Parse(Assert.Single(shortCircuited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        var limiterRetryAfter = int.Parse(Assert.Single(fromLimiter.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, Math.Max(1, limiterRetryAfter - 5), limiterRetryAfter);
    }

    [Fact]
    public async Task NotCarry_AThrottle_ToAnotherAlliancesHost()
    {
        var alliance = await api.ClaimAsync();
        var neighbour = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        for (var i = 0; i <= RateLimitedApiFactory.KeyLimit; i++)
        {
            using var _ = await organizer.GetAsync("/v1/alliance");
        }

        using (var throttled = await organizer.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        }

        // The same key at the neighbour's host is a stranger there: 401, not the throttle it has at home.
        using var elsewhere = api.Alliance(neighbour.Subdomain, alliance.OrganizerKey);
        using var response = await elsewhere.GetAsync("/v1/alliance");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        // And the neighbour's own key was never throttled by it.
        using var neighbourOrganizer = api.Alliance(neighbour.Subdomain, neighbour.OrganizerKey);
        using var own = await neighbourOrganizer.GetAsync("/v1/alliance");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Ignore_KeyShapedTextThatWasNeverThrottled()
    {
        var alliance = await api.ClaimAsync();
        using var guesser = api.Alliance(alliance.Subdomain, ApiKeyCalls.UnknownKey());
        using var response = await guesser.GetAsync("/v1/alliance");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task NotCount_ARefusedKey_AsTheAlliancesAnonymousTraffic_EvenWhenItsRefusalIsRemembered()
    {
        // Issue 16: refused keys used to share the alliance's anonymous quota, so a flood of bad keys locked out every
        // anonymous reader. They count in their address's failed-auth bucket now (FailedAuthenticationShould).
        var alliance = await api.ClaimAsync();
        using var guesser = api.Alliance(alliance.Subdomain, ApiKeyCalls.UnknownKey());
        for (var i = 0; i <= RateLimitedApiFactory.AnonymousLimit; i++)
        {
            using var refused = await guesser.GetAsync("/v1/alliance");
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.StartsWith("\"failed-auth\";", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
        }

        using var anonymous = api.Alliance(alliance.Subdomain);
        using var read = await anonymous.GetAsync("/v1/alliance");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Matches($"^\"anonymous\";r={RateLimitedApiFactory.AnonymousLimit - 1};t=\\d+, \"alliance\";r=\\d+;t=\\d+$", Assert.Single(read.Headers.GetValues("RateLimit")));
    }

    [Fact]
    public void Forget_AThrottle_WhenItsWindowEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttled = new ThrottledKeys(clock);
        var alliance = Guid.NewGuid();
        var key = HashOf("alk_a");
        var partition = new RequestPartition(RequestPartition.KeyPolicy, alliance, Guid.NewGuid(), null);
        throttled.Remember(alliance, key, clock.GetUtcNow().AddSeconds(30), partition);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(partition, throttled.Find(alliance, key)?.Partition);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(throttled.Find(alliance, key));
    }

    [Fact]
    public void KeepApart_Alliances_AndKeys()
    {
        var clock = new FakeTimeProvider();
        var throttled = new ThrottledKeys(clock);
        var alliance = Guid.NewGuid();
        throttled.Remember(alliance, HashOf("alk_a"), clock.GetUtcNow().AddMinutes(1), Partition);

        Assert.Null(throttled.Find(Guid.NewGuid(), HashOf("alk_a")));
        Assert.Null(throttled.Find(alliance, HashOf("alk_b")));
        Assert.NotNull(throttled.Find(alliance, HashOf("alk_a")));
    }

    [Fact]
    public void Sweep_ExpiredThrottles_OnTheNextWrite()
    {
        var clock = new FakeTimeProvider();
        var throttled = new ThrottledKeys(clock);
        for (var i = 0; i < 100; i++)
        {
            throttled.Remember(Guid.NewGuid(), HashOf($"alk_{i}"), clock.GetUtcNow().AddSeconds(1), Partition);
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        throttled.Remember(Guid.NewGuid(), HashOf("alk_last"), clock.GetUtcNow().AddSeconds(1), Partition);
        Assert.Equal(1, throttled.Count);
    }

    private static readonly RequestPartition Partition = new(RequestPartition.KeyPolicy, Guid.NewGuid(), Guid.NewGuid(), null);

    private static string KeyState(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("RateLimit")).Split(", ")[0];

    private static byte[] HashOf(string text) => SHA256.HashData(Encoding.ASCII.GetBytes(text));
}

public sealed class ThrottledAlliancesShould
{
    [Fact]
    public void Hold_AnAlliance_UntilItsWindowEnds_AndNoOther()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttled = new ThrottledAlliances(clock);
        var alliance = Guid.NewGuid();
        var windowEnd = clock.GetUtcNow().AddSeconds(30);
        throttled.Remember(alliance, windowEnd);

        Assert.Null(throttled.Find(Guid.NewGuid()));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(windowEnd, throttled.Find(alliance));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(throttled.Find(alliance));
    }
}
