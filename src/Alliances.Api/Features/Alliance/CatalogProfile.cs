using Npgsql;

namespace Alliances.Api.Features.Alliance;

/// <summary>
/// The part of an alliance's profile that the platform catalog owns: name, region and time zone (the directory and host
/// resolution read them there), and the row's timestamps. Kept in one place, not copied into the tenant schema, so the
/// two can never disagree.
/// </summary>
public sealed record CatalogProfile(string Name, string Region, string TimeZone, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    private const string SelectSql =
        "SELECT name, region, time_zone, created_at, updated_at FROM platform.alliances WHERE id = $1 AND state <> 'deleted'";

    private const string UpdateSql =
        "UPDATE platform.alliances SET name = $2, region = $3, time_zone = $4, updated_at = $5 WHERE id = $1 AND state <> 'deleted'";

    /// <summary>Reads through the application login role, which has SELECT on the catalog.</summary>
    public static async Task<CatalogProfile?> ReadAsync(NpgsqlDataSource source, Guid allianceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand(SelectSql);
        command.Parameters.Add(new() { Value = allianceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CatalogProfile(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>
    /// Writes name, region and time zone inside the caller's tenant transaction. The tenant role cannot see the platform
    /// schema, so the statement runs after <c>SET LOCAL ROLE NONE</c>, as the login role, which has UPDATE on exactly these
    /// columns (granted by <c>PlatformSchemaMigrator</c>). <c>LOCAL</c> ends with the transaction, commit or rollback,
    /// so the connection is back to the tenant role afterwards without a step that an exception could skip. The
    /// catalog's trigger announces the change to every node's cache on commit.
    /// </summary>
    public static async Task<bool> UpdateInTransactionAsync(
        NpgsqlConnection connection, Guid allianceId, string name, string region, string timeZone, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var asLoginRole = new NpgsqlCommand("SET LOCAL ROLE NONE", connection))
        {
            await asLoginRole.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var update = new NpgsqlCommand(UpdateSql, connection)
        {
            Parameters =
            {
                new() { Value = allianceId }, new() { Value = name }, new() { Value = region }, new() { Value = timeZone },
                new() { Value = now },
            },
        };
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
