using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>Thrown when a webhook target resolves to an address the SSRF guard refuses.</summary>
public sealed class ForbiddenWebhookAddressException(string message) : HttpRequestException(message);

/// <summary>Thrown when a webhook target is plain http where <see cref="WebhookTargetPolicy.AllowHttp"/> is off.</summary>
public sealed class ForbiddenWebhookSchemeException(string message) : HttpRequestException(message);

/// <summary>
/// The one HttpClient webhooks go out through. The SSRF checks live in <see cref="SocketsHttpHandler.ConnectCallback"/>,
/// which every new connection passes through whoever sends the request: the scheme is checked there (a URL stored as
/// http before a configuration change, or written with SQL, is refused at send time, not only at registration), the
/// host is resolved at connect time, EVERY address is checked, and the socket connects to the checked addresses only, so
/// DNS rebinding between registration and delivery (or between two resolutions) gains nothing. Checking the scheme per
/// connection is enough because connections are pooled per scheme, host and port: an http request never reuses an https
/// connection. No redirects (a 3xx is the attempt's answer), no proxy, no cookies.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    public WebhookHttpClient(IWebhookResolver resolver, IOptions<WebhookOptions> options, WebhookTargetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        var allowLoopback = policy.AllowLoopback;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.Value.Timeout,
            ConnectCallback = async (context, cancellationToken) =>
            {
                if (context.InitialRequestMessage.RequestUri is not { Scheme: "https" } && !policy.AllowHttp)
                {
                    // SocketsHttpHandler appends "(host:port)" to this message; the attempt log shows it as the error.
                    throw new ForbiddenWebhookSchemeException("Plain http is refused: webhooks are sent over https only; change the url to https.");
                }

                var addresses = await resolver.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
                if (addresses.Length == 0)
                {
                    throw new HttpRequestException($"{context.DnsEndPoint.Host} has no addresses.");
                }

                if (addresses.FirstOrDefault(a => WebhookAddressGuard.IsForbidden(a, allowLoopback)) is { } refused)
                {
                    // The address itself is never named: the message lands in the organizer-visible delivery log, and
                    // naming it would let an organizer map internal DNS through the dispatcher.
                    throw new ForbiddenWebhookAddressException($"{context.DnsEndPoint.Host} resolves to an address that webhooks may not reach.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
