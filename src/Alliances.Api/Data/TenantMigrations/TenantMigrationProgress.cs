namespace Alliances.Api.Data.TenantMigrations;

/// <summary>
/// A snapshot after one more alliance finished. Reports are delivered one at a time, in completion order, never
/// concurrently, so a handler needs no locking; it runs on a worker, so it should be quick. <see cref="Failed"/> counts
/// sub-domains that were not found too: both make the run unsuccessful.
/// </summary>
public sealed record TenantMigrationProgress(
    int Total,
    int Completed,
    int Migrated,
    int AlreadyCurrent,
    int Failed,
    TenantMigrationResult Latest);
