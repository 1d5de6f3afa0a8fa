namespace Alliances.Tenancy.Catalog;

/// <summary>The PostgreSQL NOTIFY channel on which catalog changes are announced; the payload is the sub-domain.</summary>
public static class CatalogChannel
{
    public const string Name = "alliances_catalog";
}
