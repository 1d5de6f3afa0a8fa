namespace Alliances.Tenancy.Resolution;

/// <summary>Stable problem <c>type</c> URIs for the outcomes of tenant resolution.</summary>
public static class TenancyProblems
{
    public const string BaseUri = "https://alliances.dev/problems/";
    public const string InvalidHost = BaseUri + "invalid-host";
    public const string AllianceNotFound = BaseUri + "alliance-not-found";
    public const string AllianceSuspended = BaseUri + "alliance-suspended";
    public const string AllianceProvisioning = BaseUri + "alliance-provisioning";
    public const string CatalogUnavailable = BaseUri + "catalog-unavailable";
    public const string NotFound = BaseUri + "not-found";
}
