namespace Alliances.Api.Data.TenantMigrations;

/// <summary>Every alliance a run covered, ordered by sub-domain, and the counts an operator reads first.</summary>
public sealed record TenantMigrationSummary(string TargetVersion, IReadOnlyList<TenantMigrationResult> Results, TimeSpan Elapsed)
{
    public int Migrated => Count(TenantMigrationOutcome.Migrated);

    public int AlreadyCurrent => Count(TenantMigrationOutcome.AlreadyCurrent);

    public int Deleted => Count(TenantMigrationOutcome.Deleted);

    public int NotFound => Count(TenantMigrationOutcome.NotFound);

    public int Failed => Count(TenantMigrationOutcome.Failed);

    /// <summary>True when every alliance the run was asked about is now at <see cref="TargetVersion"/> (or gone).</summary>
    public bool Succeeded => Failed == 0 && NotFound == 0;

    /// <summary>The results an operator has to act on: failures and sub-domains that were not found.</summary>
    public IEnumerable<TenantMigrationResult> Problems =>
        Results.Where(r => r.Outcome is TenantMigrationOutcome.Failed or TenantMigrationOutcome.NotFound);

    private int Count(TenantMigrationOutcome outcome) => Results.Count(r => r.Outcome == outcome);
}
