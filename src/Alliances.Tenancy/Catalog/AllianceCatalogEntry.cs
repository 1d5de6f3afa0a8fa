namespace Alliances.Tenancy.Catalog;

/// <summary>What the request path needs to know about one alliance: the catalog row, minus profile details.</summary>
public sealed record AllianceCatalogEntry(
    Guid Id,
    string Subdomain,
    string Name,
    string TimeZone,
    AllianceState State,
    string SchemaName,
    string RoleName);
