namespace Alliances.LocalPostgres;

/// <summary>
/// Login roles of the local cluster. The passwords are fixed development-only values: the cluster listens on 127.0.0.1
/// only and holds throw-away data. Never reuse them for a shared or production server.
/// </summary>
internal static class DevelopmentRoles
{
    public const string Superuser = "postgres";

    public const string Owner = "alliances_owner";

    public const string OwnerPassword = "alliances-owner-dev";

    public const string App = "alliances_app";

    public const string AppPassword = "alliances-app-dev";
}
