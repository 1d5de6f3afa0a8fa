namespace Alliances.Api.Data.TenantMigrations;

/// <summary>The outcome for one alliance. <see cref="Error"/> is set only when <see cref="Outcome"/> is Failed or NotFound.</summary>
public sealed record TenantMigrationResult(
    Guid? AllianceId,
    string Subdomain,
    TenantMigrationOutcome Outcome,
    string? FromVersion,
    string? Error,
    TimeSpan Elapsed);
