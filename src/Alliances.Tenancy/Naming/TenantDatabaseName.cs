namespace Alliances.Tenancy.Naming;

/// <summary>
/// Names the schema and role of an alliance from its catalog id, and checks names read back from the catalog before
/// they reach SQL. Names never come from the Host header, so a hostile host cannot steer a query to another schema.
/// </summary>
public static class TenantDatabaseName
{
    /// <summary>Every alliance schema and role starts with this prefix; nothing else in the database does.</summary>
    public const string Prefix = "alliance_";

    // "alliance_" + 32 lowercase hex digits: 41 characters, well under PostgreSQL's 63-byte identifier limit.
    private const int Length = 41;

    /// <summary>The schema (and role) name for an alliance id. Id-based, so a deleted sub-domain can be claimed again.</summary>
    public static string For(Guid allianceId) => Prefix + allianceId.ToString("N");

    /// <summary>True when <paramref name="name"/> has exactly the shape <see cref="For"/> produces.</summary>
    public static bool IsValid(string? name)
    {
        if (name is null || name.Length != Length || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name.AsSpan(Prefix.Length))
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Validates, then double-quotes an identifier. Throws rather than emit SQL for a name of the wrong shape.</summary>
    public static string Quote(string name) =>
        IsValid(name)
            ? "\"" + name + "\""
            : throw new ArgumentException($"'{name}' is not a valid alliance schema or role name.", nameof(name));
}
