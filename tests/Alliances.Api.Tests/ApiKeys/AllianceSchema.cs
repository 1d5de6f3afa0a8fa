using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Tests.ApiKeys;

/// <summary>
/// Direct access to one alliance's schema as the owner role, for what the API cannot show or do: reading stored hashes,
/// scanning every column, moving a key's expiry into the past, holding row locks.
/// </summary>
internal sealed class AllianceSchema
{
    private AllianceSchema(TestDatabase database, string name)
    {
        Database = database;
        Name = name;
    }

    public TestDatabase Database { get; }

    /// <summary>The schema's name as recorded in the catalog.</summary>
    public string Name { get; }

    /// <summary>The schema's name quoted for SQL.</summary>
    public string Quoted => TenantDatabaseName.Quote(Name);

    public static async Task<AllianceSchema> OfAsync(TestDatabase database, string subdomain)
    {
        await using var connection = await OpenOwnerAsync(database);
        await using var command = new NpgsqlCommand("SELECT schema_name FROM platform.alliances WHERE subdomain = $1 AND state <> 'deleted'", connection)
        {
            Parameters = { new() { Value = subdomain } },
        };
        var name = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No live alliance '{subdomain}' in the catalog.");
        return new AllianceSchema(database, name);
    }

    public static async Task<NpgsqlConnection> OpenOwnerAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.Owner);
        await connection.OpenAsync();
        return connection;
    }

    public Task<NpgsqlConnection> OpenOwnerAsync() => OpenOwnerAsync(Database);

    /// <summary>Moves a key's expiry a minute into the past, as if time had passed.</summary>
    public async Task ExpireKeyAsync(Guid id)
    {
        await using var connection = await OpenOwnerAsync();
        await using var command = new NpgsqlCommand($"UPDATE {Quoted}.api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1", connection)
        {
            Parameters = { new() { Value = id } },
        };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task<byte[]> StoredHashAsync(Guid id)
    {
        await using var connection = await OpenOwnerAsync();
        await using var command = new NpgsqlCommand($"SELECT hash FROM {Quoted}.api_keys WHERE id = $1", connection)
        {
            Parameters = { new() { Value = id } },
        };
        return (byte[]?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No key {id} in {Name}.");
    }

    /// <summary>Ids of the organizer keys that are neither revoked nor expired, as the database sees them.</summary>
    public async Task<List<Guid>> ActiveOrganizerKeyIdsAsync()
    {
        await using var connection = await OpenOwnerAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT id FROM {Quoted}.api_keys WHERE role = 'organizer' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())",
            connection);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
