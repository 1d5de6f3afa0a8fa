using System.Net;
using System.Net.Sockets;
using Alliances.Api.Infrastructure.Outbox;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Tests.Webhooks;

public sealed class SsrfGuardShould
{
    /// <summary>
    /// Every refused range, with its first and last address written out (not computed, so a typo in the guard's table
    /// cannot be copied into the test). IPv6 ranges outside 2000::/3 are refused by the allow-list, not by a list entry.
    /// </summary>
    public static TheoryData<string, string, string> RefusedRanges => new()
    {
        // IPv4
        { "0.0.0.0/8", "0.0.0.0", "0.255.255.255" },
        { "10.0.0.0/8", "10.0.0.0", "10.255.255.255" },
        { "100.64.0.0/10", "100.64.0.0", "100.127.255.255" },
        { "127.0.0.0/8", "127.0.0.0", "127.255.255.255" },
        { "169.254.0.0/16", "169.254.0.0", "169.254.255.255" },
        { "172.16.0.0/12", "172.16.0.0", "172.31.255.255" },
        { "192.0.0.0/24", "192.0.0.0", "192.0.0.255" },
        { "192.0.2.0/24", "192.0.2.0", "192.0.2.255" },
        { "192.88.99.0/24", "192.88.99.0", "192.88.99.255" },
        { "192.168.0.0/16", "192.168.0.0", "192.168.255.255" },
        { "198.18.0.0/15", "198.18.0.0", "198.19.255.255" },
        { "198.51.100.0/24", "198.51.100.0", "198.51.100.255" },
        { "203.0.113.0/24", "203.0.113.0", "203.0.113.255" },
        { "224.0.0.0/4", "224.0.0.0", "239.255.255.255" },
        { "240.0.0.0/4", "240.0.0.0", "255.255.255.255" },
        { "255.255.255.255/32", "255.255.255.255", "255.255.255.255" },

        // IPv6 outside 2000::/3
        { "::/128", "::", "::" },
        { "::1/128", "::1", "::1" },
        { "100::/64", "100::", "100::ffff:ffff:ffff:ffff" },
        { "64:ff9b::/96", "64:ff9b::", "64:ff9b::ffff:ffff" },
        { "64:ff9b:1::/48", "64:ff9b:1::", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff" },
        { "fc00::/7", "fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "fe80::/10", "fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "fec0::/10", "fec0::", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "ff00::/8", "ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "4000::/3", "4000::", "5fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "5f00::/16", "5f00::", "5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "6000::/3", "6000::", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "8000::/1", "8000::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "1fff::/16", "1fff::", "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },

        // IPv6 special-purpose blocks inside 2000::/3
        { "2001::/23", "2001::", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001::/32", "2001::", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001:2::/48", "2001:2::", "2001:2:0:ffff:ffff:ffff:ffff:ffff" },
        { "2001:10::/28", "2001:10::", "2001:1f:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001:20::/28", "2001:20::", "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001:db8::/32", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2002::/16", "2002::", "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "3fff::/20", "3fff::", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff" },
    };

    [Theory]
    [MemberData(nameof(RefusedRanges))]
    public void RefuseTheFirstAndLastAddressOfEveryForbiddenRange(string range, string first, string last)
    {
        // The test data itself: first and last really are the ends of the range.
        var network = IPNetwork.Parse(range);
        Assert.Equal(network.BaseAddress, IPAddress.Parse(first));
        Assert.True(network.Contains(IPAddress.Parse(last)), $"{last} is not in {range}");

        foreach (var text in new[] { first, last })
        {
            var address = IPAddress.Parse(text);
            Assert.True(WebhookAddressGuard.IsForbidden(address), $"{text} ({range}) was allowed");
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                // The same IPv4 address written as IPv6: mapped (::ffff:a.b.c.d) and compatible (::a.b.c.d).
                Assert.True(WebhookAddressGuard.IsForbidden(address.MapToIPv6()), $"{address.MapToIPv6()} ({range}, mapped) was allowed");
                var compatible = new IPAddress([.. new byte[12], .. address.GetAddressBytes()]);
                Assert.True(WebhookAddressGuard.IsForbidden(compatible), $"{compatible} ({range}, compatible) was allowed");
            }
        }
    }

    [Theory]
    [InlineData("169.254.169.254")]        // cloud metadata
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]      // metadata through NAT64
    [InlineData("2002:a9fe:a9fe::1")]       // metadata through 6to4
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // a Teredo address
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")]
    public void Refuse(string address) => Assert.True(WebhookAddressGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("9.255.255.255")]           // just below 10.0.0.0/8
    [InlineData("11.0.0.0")]                // just above it
    [InlineData("100.63.255.255")]          // around CGNAT
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]          // around 172.16.0.0/12
    [InlineData("172.32.0.0")]
    [InlineData("192.0.1.255")]             // between 192.0.0.0/24 and 192.0.2.0/24
    [InlineData("198.17.255.255")]          // around 198.18.0.0/15
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]         // just below multicast
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2000::")]                  // first of 2000::/3
    [InlineData("2001:200::")]              // just above 2001::/23
    [InlineData("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")] // around 2001:db8::/32
    [InlineData("2001:db9::")]
    [InlineData("2003::")]                  // just above 6to4
    [InlineData("3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff")] // just below 3fff::/20
    [InlineData("3fff:1000::")]             // just above it
    public void Allow(string address) => Assert.False(WebhookAddressGuard.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public void AllowLoopback_OnlyWithTheTestSwitch()
    {
        Assert.False(WebhookAddressGuard.IsForbidden(IPAddress.Loopback, allowLoopback: true));
        Assert.True(WebhookAddressGuard.IsForbidden(IPAddress.Parse("169.254.169.254"), allowLoopback: true));
    }

    [Fact]
    public async Task CheckAtConnectTime_SoARebindingResolverIsRefused()
    {
        // Public at "registration", then the attacker's DNS answers with the metadata address.
        var resolver = new RebindingResolver([IPAddress.Parse("93.184.215.14")], [IPAddress.Parse("169.254.169.254")]);
        Assert.False(WebhookAddressGuard.IsForbidden((await resolver.ResolveAsync("rebind.test", default))[0]));
        using var client = new WebhookHttpClient(resolver, Options.Create(new WebhookOptions()), WebhookTargetPolicy.Strict);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.Client.GetAsync("https://rebind.test/hook"));

        Assert.IsType<ForbiddenWebhookAddressException>(Innermost(error));
        // The delivery log shows this message to organizers: the address the name resolved to is not in it.
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain("169.254", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RefuseAHost_WhenAnyOfItsAddressesIsForbidden()
    {
        var resolver = new RebindingResolver([IPAddress.Parse("8.8.8.8"), IPAddress.Parse("::ffff:10.0.0.5")]);
        using var client = new WebhookHttpClient(resolver, Options.Create(new WebhookOptions()), WebhookTargetPolicy.Strict);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.Client.GetAsync("https://mixed.test/hook"));

        Assert.IsType<ForbiddenWebhookAddressException>(Innermost(error));
    }

    [Fact]
    public async Task RefusePlainHttp_AtConnectTime_BeforeResolvingTheHost()
    {
        var resolver = new RebindingResolver([IPAddress.Parse("8.8.8.8")]);
        using var client = new WebhookHttpClient(resolver, Options.Create(new WebhookOptions()), WebhookTargetPolicy.Strict);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.Client.GetAsync("http://public.test/hook"));

        Assert.IsType<ForbiddenWebhookSchemeException>(Innermost(error));
        Assert.Equal(0, resolver.Calls);
    }

    private static Exception Innermost(Exception e) =>
        e is ForbiddenWebhookAddressException or ForbiddenWebhookSchemeException || e.InnerException is null ? e : Innermost(e.InnerException);

    /// <summary>Answers each call with the next list, repeating the last one.</summary>
    private sealed class RebindingResolver(params IPAddress[][] answers) : IWebhookResolver
    {
        private int _calls;

        public int Calls => _calls;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(answers[Math.Min(Interlocked.Increment(ref _calls) - 1, answers.Length - 1)]);
    }
}
