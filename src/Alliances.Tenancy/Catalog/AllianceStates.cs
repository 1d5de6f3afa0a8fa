namespace Alliances.Tenancy.Catalog;

/// <summary>Converts <see cref="AllianceState"/> to and from the catalog's text column without reflection.</summary>
public static class AllianceStates
{
    public static string ToDatabase(this AllianceState state) => state switch
    {
        AllianceState.Provisioning => "provisioning",
        AllianceState.Active => "active",
        AllianceState.Suspended => "suspended",
        AllianceState.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static AllianceState FromDatabase(string value) => value switch
    {
        "provisioning" => AllianceState.Provisioning,
        "active" => AllianceState.Active,
        "suspended" => AllianceState.Suspended,
        "deleted" => AllianceState.Deleted,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown alliance state in the catalog."),
    };
}
