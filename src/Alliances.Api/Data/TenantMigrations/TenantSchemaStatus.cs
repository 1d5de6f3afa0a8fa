namespace Alliances.Api.Data.TenantMigrations;

/// <summary>One alliance as the CLI's <c>list</c> shows it: where its schema is, and whether a migration would touch it.</summary>
public sealed record TenantSchemaStatus(Guid Id, string Subdomain, string State, string? SchemaVersion, bool IsCurrent);
