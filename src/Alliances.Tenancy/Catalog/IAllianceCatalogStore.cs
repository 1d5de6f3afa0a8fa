namespace Alliances.Tenancy.Catalog;

/// <summary>Reads the alliance catalog. Implementations throw when the store is unreachable; they never turn that into "not found".</summary>
public interface IAllianceCatalogStore
{
    /// <summary>The live (not deleted) alliance claimed under <paramref name="subdomain"/>, or null when there is none.</summary>
    Task<AllianceCatalogEntry?> FindBySubdomainAsync(string subdomain, CancellationToken cancellationToken);
}
