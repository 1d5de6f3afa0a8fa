using Alliances.Tenancy.Database;

namespace Alliances.Tenancy.Catalog;

/// <summary>Reads <c>platform.alliances</c> through the application login role (which has SELECT on it, nothing more).</summary>
public sealed class PostgresAllianceCatalogStore(AppDataSource app) : IAllianceCatalogStore
{
    private const string FindSql =
        "SELECT id, subdomain, name, time_zone, state, schema_name, role_name FROM platform.alliances " +
        "WHERE subdomain = $1 AND state <> 'deleted'";

    public async Task<AllianceCatalogEntry?> FindBySubdomainAsync(string subdomain, CancellationToken cancellationToken)
    {
        await using var command = app.DataSource.CreateCommand(FindSql);
        command.Parameters.Add(new() { Value = subdomain });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new AllianceCatalogEntry(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            AllianceStates.FromDatabase(reader.GetString(4)),
            reader.GetString(5),
            reader.GetString(6));
    }
}
