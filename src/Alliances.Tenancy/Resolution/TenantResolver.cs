using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Hosts;
using Alliances.Tenancy.Naming;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Tenancy.Resolution;

/// <summary>
/// Turns a raw Host header into a <see cref="TenantResolution"/>: classify the host against the apex, then look the
/// label up in the cached catalog. Unlike Finbuckle, a failing store is reported as unavailable, never as "not found".
/// </summary>
public sealed partial class TenantResolver(ApexDomain apex, CachedAllianceCatalog catalog, ILogger<TenantResolver> logger)
{
    public async ValueTask<TenantResolution> ResolveAsync(string? rawHost, CancellationToken cancellationToken)
    {
        var host = apex.ClassifyRaw(rawHost);
        switch (host.Kind)
        {
            case HostKind.Platform:
                return TenantResolution.PlatformHost;
            case HostKind.Rejected:
                return new(TenantResolutionOutcome.RejectedHost, Reason: host.RejectionReason);
        }

        AllianceCatalogEntry? entry;
        try
        {
            entry = await catalog.FindAsync(host.Subdomain!, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException)
        {
            LogCatalogUnavailable(logger, host.Subdomain!, exception);
            return new(TenantResolutionOutcome.CatalogUnavailable);
        }

        return entry switch
        {
            null => new(TenantResolutionOutcome.NotFound),
            { State: AllianceState.Suspended } => new(TenantResolutionOutcome.Suspended),
            { State: AllianceState.Provisioning } => new(TenantResolutionOutcome.Provisioning),
            { State: AllianceState.Active } => Resolved(entry),
            _ => new(TenantResolutionOutcome.NotFound),
        };
    }

    private TenantResolution Resolved(AllianceCatalogEntry entry)
    {
        // Names are re-checked even though they come from our own catalog: a corrupted row must fail closed, not run SQL.
        if (!TenantDatabaseName.IsValid(entry.SchemaName) || !TenantDatabaseName.IsValid(entry.RoleName))
        {
            LogBadCatalogNames(logger, entry.Subdomain);
            return new(TenantResolutionOutcome.CatalogUnavailable);
        }

        return new(TenantResolutionOutcome.Resolved,
            new TenantContext(entry.Id, entry.Subdomain, entry.SchemaName, entry.RoleName, entry.Name, entry.TimeZone));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alliance catalog unavailable while resolving {Subdomain}")]
    private static partial void LogCatalogUnavailable(ILogger logger, string subdomain, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Catalog row for {Subdomain} has an invalid schema or role name")]
    private static partial void LogBadCatalogNames(ILogger logger, string subdomain);
}
