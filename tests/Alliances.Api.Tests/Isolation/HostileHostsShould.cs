using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// The API with three alliances (an attacker, a victim and a suspended one) and a test-only way to choose the client's
/// remote address (header <see cref="RemoteIpHeader"/>), because TestServer sets none and forwarded headers must only
/// be believed from known proxies. This base has no trusted proxy: the production default (README: "none by default").
/// </summary>
public class HostileHostsFactory : ApiFactory, IAsyncLifetime
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";

    public ClaimedAlliance Attacker { get; private set; } = null!;

    public ClaimedAlliance Victim { get; private set; } = null!;

    public ClaimedAlliance Suspended { get; private set; } = null!;

    /// <summary>The value of <c>Alliances:TrustedProxies:0</c>, or null for none.</summary>
    protected virtual string? TrustedProxy => null;

    protected override IDictionary<string, string?> Settings =>
        TrustedProxy is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["Alliances:TrustedProxies:0"] = TrustedProxy };

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>();

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var claims = await Task.WhenAll(ClaimAsync(NewSubdomain("atk")), ClaimAsync(NewSubdomain("vic")), ClaimAsync(NewSubdomain("sus")));
        (Attacker, Victim, Suspended) = (claims[0], claims[1], claims[2]);
        using var operatorClient = Operator();
        using var suspend = await operatorClient.PostAsync($"/v1/alliances/{Suspended.Subdomain}/suspend", null);
        await suspend.ReadJsonAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>
    /// Sends one row: <paramref name="host"/> and header values may hold {attacker}, {ATTACKER}, {victim}, {victim-key},
    /// {suspended} and {unknown}; <paramref name="headers"/> is "Name: value | Name: value"; <paramref name="expected"/> is
    /// "alliance:{attacker}" (served as that alliance), "problem:&lt;status&gt;:&lt;type&gt;" or "health". Never a 5xx.
    /// </summary>
    public async Task AssertRowAsync(string @case, string host, string path, string headers, string expected)
    {
        using var client = Platform();
        using var request = new HttpRequestMessage(HttpMethod.Get, Fill(path));
        Assert.True(request.Headers.TryAddWithoutValidation("Host", Fill(host)));
        foreach (var header in headers.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            Assert.True(request.Headers.TryAddWithoutValidation(header[..colon].Trim(), Fill(header[(colon + 1)..].Trim())));
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{@case}: {(int)response.StatusCode} {text}");

        var kind = expected.Split(':');
        switch (kind[0])
        {
            case "alliance":
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{@case}: {(int)response.StatusCode} {text}");
                var served = JsonDocument.Parse(text).RootElement;
                Assert.True(Fill(kind[1]) == served.GetProperty("subdomain").GetString(),
                    $"{@case}: expected to be served as {Fill(kind[1])} ({kind[1]}), was served as {served.GetProperty("subdomain").GetString()}: {text}");
                Assert.Equal(kind[1] == "{victim}" ? Victim.Id : Attacker.Id, served.GetProperty("id").GetGuid());
                break;
            case "problem":
                var problem = await response.AssertProblemAsync((HttpStatusCode)int.Parse(kind[1], System.Globalization.CultureInfo.InvariantCulture), kind[2]);
                Assert.DoesNotContain(Victim.Id.ToString(), problem.GetRawText(), StringComparison.Ordinal);
                break;
            case "health":
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{@case}: {(int)response.StatusCode} {text}");
                break;
            default:
                throw new InvalidOperationException($"Unknown expectation '{expected}'.");
        }
    }

    private string Fill(string template) => template
        .Replace("{attacker}", Attacker.Subdomain, StringComparison.Ordinal)
        .Replace("{ATTACKER}", Attacker.Subdomain.ToUpperInvariant(), StringComparison.Ordinal)
        .Replace("{victim}", Victim.Subdomain, StringComparison.Ordinal)
        .Replace("{victim-key}", Victim.OrganizerKey, StringComparison.Ordinal)
        .Replace("{suspended}", Suspended.Subdomain, StringComparison.Ordinal)
        .Replace("{unknown}", "nobody" + Attacker.Subdomain, StringComparison.Ordinal);

    /// <summary>Runs before the app's own pipeline (forwarded headers included) and sets the connection's remote address.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteIpHeader, out var ip))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                    context.Request.Headers.Remove(RemoteIpHeader);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The same API with one trusted proxy, <see cref="Proxy"/>.</summary>
public sealed class TrustedProxyHostsFactory : HostileHostsFactory
{
    public const string Proxy = "10.9.8.7";

    protected override string? TrustedProxy => Proxy;
}

/// <summary>
/// Hostile and odd Host headers through the whole HTTP pipeline. Each row names a host (with {attacker}, {victim},
/// {suspended} or {unknown} standing for labels), a path, extra headers, and what must come back: an alliance whose
/// data is served, or a problem type. Nothing is ever a 5xx, and nothing is ever served as an alliance the Host
/// header did not name (X-Forwarded-Host counts only from the trusted proxy).
/// </summary>
public sealed class HostileHostsShould(HostileHostsFactory api) : IClassFixture<HostileHostsFactory>
{
    private const string Apex = ApiFactory.Apex;

    public static TheoryData<string, string, string, string, string> Rows => new()
    {
        // case, Host header, path, extra headers, expected (see HostileHostsFactory.AssertRowAsync)
        { "foreign domain ending in the apex", "evil" + Apex, "/v1/alliance", "", "problem:400:invalid-host" },
        { "two labels under the apex", "a.b." + Apex, "/v1/alliance", "", "problem:400:invalid-host" },
        { "victim label under the attacker's", "{victim}.{attacker}." + Apex, "/v1/alliance", "", "problem:400:invalid-host" },
        { "apex inside a foreign domain", "{victim}." + Apex + ".evil.example", "/v1/alliance", "", "problem:400:invalid-host" },
        { "IPv4 literal", "127.0.0.1", "/v1/alliance", "", "problem:400:invalid-host" },
        { "IPv6 literal", "[::1]:8080", "/v1/alliance", "", "problem:400:invalid-host" },
        { "empty label", "." + Apex, "/v1/alliance", "", "problem:400:invalid-host" },
        { "user-info smuggling", "{victim}." + Apex + "@evil.example", "/v1/alliance", "", "problem:400:invalid-host" },
        { "unknown alliance", "{unknown}." + Apex, "/v1/alliance", "", "problem:404:alliance-not-found" },
        { "reserved label", "www." + Apex, "/v1/alliance", "", "problem:404:alliance-not-found" },
        { "suspended alliance", "{suspended}." + Apex, "/v1/alliance", "", "problem:403:alliance-suspended" },
        { "upper case, trailing dot and port", "{ATTACKER}." + Apex.ToUpperInvariant() + ".:8443", "/v1/alliance", "", "alliance:{attacker}" },
        { "platform route on an alliance host", "{attacker}." + Apex, "/v1/alliances", "", "problem:404:not-found" },
        { "alliance route on the apex", Apex, "/v1/alliance", "", "problem:404:not-found" },
        { "X-Forwarded-Host from a public client", "{attacker}." + Apex, "/v1/alliance",
            $"X-Forwarded-Host: {{victim}}.{Apex} | {HostileHostsFactory.RemoteIpHeader}: 203.0.113.9", "alliance:{attacker}" },
        { "X-Forwarded-Host with the victim's key", "{attacker}." + Apex, "/v1/api-keys",
            $"X-Forwarded-Host: {{victim}}.{Apex} | Authorization: Bearer {{victim-key}} | {HostileHostsFactory.RemoteIpHeader}: 203.0.113.9",
            "problem:401:unauthorized" },
        { "X-Forwarded-Host from loopback", "{attacker}." + Apex, "/v1/alliance",
            $"X-Forwarded-Host: {{victim}}.{Apex} | X-Forwarded-For: 127.0.0.1 | {HostileHostsFactory.RemoteIpHeader}: 127.0.0.1", "alliance:{attacker}" },
        { "X-Forwarded-Host from a client with no address", "{attacker}." + Apex, "/v1/alliance", "X-Forwarded-Host: {victim}." + Apex, "alliance:{attacker}" },
        { "Forwarded, X-Original-Host and X-Host", "{attacker}." + Apex, "/v1/alliance",
            $"Forwarded: host={{victim}}.{Apex} | X-Original-Host: {{victim}}.{Apex} | X-Host: {{victim}}.{Apex} | {HostileHostsFactory.RemoteIpHeader}: 203.0.113.9",
            "alliance:{attacker}" },
        { "health on an IPv4 literal", "127.0.0.1", "/healthz", "", "health" },
        { "health on an IPv6 literal", "[::1]", "/healthz", "", "health" },
        { "health on a foreign domain", "evil" + Apex, "/healthz", "", "health" },
        { "health on an unknown alliance", "{unknown}." + Apex, "/healthz", "", "health" },
        { "health on a suspended alliance", "{suspended}." + Apex, "/healthz", "", "health" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task AnswerAsDocumented_AndNeverWithA5xx(string @case, string host, string path, string headers, string expected) =>
        api.AssertRowAsync(@case, host, path, headers, expected);
}

/// <summary>
/// With a trusted proxy configured, X-Forwarded-Host is believed from that proxy only. The first row is the control
/// that shows the forwarded host does change the alliance when it comes from the proxy, so the other rows can fail.
/// </summary>
public sealed class TrustedProxyHostsShould(TrustedProxyHostsFactory api) : IClassFixture<TrustedProxyHostsFactory>
{
    private const string Apex = ApiFactory.Apex;

    public static TheoryData<string, string, string, string, string> Rows => new()
    {
        { "control: X-Forwarded-Host from the trusted proxy", "{attacker}." + Apex, "/v1/alliance",
            $"X-Forwarded-Host: {{victim}}.{Apex} | {HostileHostsFactory.RemoteIpHeader}: {TrustedProxyHostsFactory.Proxy}", "alliance:{victim}" },
        { "X-Forwarded-Host from a public client", "{attacker}." + Apex, "/v1/alliance",
            $"X-Forwarded-Host: {{victim}}.{Apex} | {HostileHostsFactory.RemoteIpHeader}: 203.0.113.9", "alliance:{attacker}" },
        { "X-Forwarded-Host from loopback", "{attacker}." + Apex, "/v1/alliance",
            $"X-Forwarded-Host: {{victim}}.{Apex} | {HostileHostsFactory.RemoteIpHeader}: 127.0.0.1", "alliance:{attacker}" },
        { "X-Forwarded-Host with a spoofed X-Forwarded-For of the proxy", "{attacker}." + Apex, "/v1/alliance",
            $"X-Forwarded-Host: {{victim}}.{Apex} | X-Forwarded-For: {TrustedProxyHostsFactory.Proxy} | {HostileHostsFactory.RemoteIpHeader}: 203.0.113.9",
            "alliance:{attacker}" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public Task BelieveForwardedHostsOnlyFromTheTrustedProxy(string @case, string host, string path, string headers, string expected) =>
        api.AssertRowAsync(@case, host, path, headers, expected);
}
