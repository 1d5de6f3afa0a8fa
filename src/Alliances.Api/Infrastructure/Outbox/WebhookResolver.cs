using System.Net;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>Resolves a webhook host. A seam for tests: a rebinding resolver answers differently on each call.</summary>
public interface IWebhookResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsWebhookResolver : IWebhookResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}
