namespace Alliances.Api.Platform.Provisioning;

/// <summary>The steps of a claim, in order. All run in one transaction.</summary>
public enum ProvisioningStep
{
    CatalogRowInserted,
    SchemaAndRoleCreated,
    TenantSchemaApplied,
    OrganizerKeyCreated,
}
