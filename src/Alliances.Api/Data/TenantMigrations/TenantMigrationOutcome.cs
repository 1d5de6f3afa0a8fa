namespace Alliances.Api.Data.TenantMigrations;

/// <summary>What a migration run did with one alliance.</summary>
public enum TenantMigrationOutcome
{
    /// <summary>This run applied the missing migrations and recorded the latest version.</summary>
    Migrated,

    /// <summary>The schema was already at the latest version, or another migrator brought it there first.</summary>
    AlreadyCurrent,

    /// <summary>The alliance was deleted while the run was in progress; there was nothing left to migrate.</summary>
    Deleted,

    /// <summary>A sub-domain named in <see cref="TenantMigrationOptions.Subdomains"/> has no live alliance.</summary>
    NotFound,

    /// <summary>The script or the bookkeeping failed; the transaction was rolled back and the recorded version is unchanged.</summary>
    Failed,
}
