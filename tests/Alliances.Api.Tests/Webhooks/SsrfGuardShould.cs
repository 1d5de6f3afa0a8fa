using System.Net;
using Alliances.Api.Infrastructure.Outbox;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Tests.Webhooks;

public sealed class SsrfGuardShould
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    public void Refuse(string address) => Assert.True(WebhookAddressGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
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
        using var client = new WebhookHttpClient(resolver, Options.Create(new WebhookOptions()));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.Client.GetAsync("https://rebind.test/hook"));

        Assert.IsType<ForbiddenWebhookAddressException>(Innermost(error));
    }

    [Fact]
    public async Task RefuseAHost_WhenAnyOfItsAddressesIsForbidden()
    {
        var resolver = new RebindingResolver([IPAddress.Parse("8.8.8.8"), IPAddress.Parse("::ffff:10.0.0.5")]);
        using var client = new WebhookHttpClient(resolver, Options.Create(new WebhookOptions()));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.Client.GetAsync("https://mixed.test/hook"));

        Assert.IsType<ForbiddenWebhookAddressException>(Innermost(error));
    }

    private static Exception Innermost(Exception e) =>
        e is ForbiddenWebhookAddressException || e.InnerException is null ? e : Innermost(e.InnerException);

    /// <summary>Answers each call with the next list, repeating the last one.</summary>
    private sealed class RebindingResolver(params IPAddress[][] answers) : IWebhookResolver
    {
        private int _calls;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(answers[Math.Min(Interlocked.Increment(ref _calls) - 1, answers.Length - 1)]);
    }
}
