namespace Alliances.Tenancy.Catalog;

/// <summary>The lifecycle state of an alliance in the catalog. Stored as lowercase text.</summary>
public enum AllianceState
{
    /// <summary>Claimed but not yet ready; requests get 503 with Retry-After.</summary>
    Provisioning,

    /// <summary>Serving requests.</summary>
    Active,

    /// <summary>Stopped by an operator; requests get 403.</summary>
    Suspended,

    /// <summary>Schema and role dropped; the row stays as a tombstone and the sub-domain can be claimed again.</summary>
    Deleted,
}
