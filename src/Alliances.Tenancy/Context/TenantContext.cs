namespace Alliances.Tenancy.Context;

/// <summary>The alliance a unit of work runs for. Immutable for the lifetime of a request or a tenant scope.</summary>
/// <param name="AllianceId">The catalog id of the alliance.</param>
/// <param name="Subdomain">The claimed label, e.g. <c>seattle</c>.</param>
/// <param name="SchemaName">The PostgreSQL schema that holds the alliance's tables (validated, from the catalog).</param>
/// <param name="RoleName">The PostgreSQL role the alliance's connections run as (validated, from the catalog).</param>
/// <param name="Name">The display name of the alliance.</param>
/// <param name="TimeZone">The alliance's IANA time zone.</param>
public sealed record TenantContext(
    Guid AllianceId,
    string Subdomain,
    string SchemaName,
    string RoleName,
    string Name,
    string TimeZone);
