using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Idempotency;

/// <summary>Writes idempotency rows straight into an alliance's schema, as the owner role.</summary>
public static class IdempotencyRows
{
    /// <summary>An in-progress claim for the alliance's organizer key, hashed the way the middleware hashes.</summary>
    public static async Task InsertInProgressAsync(ApiFactory api, ClaimedAlliance alliance, string key, string path, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"POST\n{path}\napplication/json; charset=utf-8\n"));
        hash.AppendData(body);
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        var schema = await SchemaOfAsync(connection, alliance);

        var organizerKeyHash = SHA256.HashData(Encoding.ASCII.GetBytes(alliance.OrganizerKey));
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO \"{schema}\".idempotency_records (key_id, idempotency_key, request_hash, state, created_at, expires_at) " +
            $"SELECT id, $1, $2, 'in_progress', now(), now() + interval '1 day' FROM \"{schema}\".api_keys WHERE hash = $3", connection);
        insert.Parameters.Add(new() { Value = key });
        insert.Parameters.Add(new() { Value = hash.GetHashAndReset() });
        insert.Parameters.Add(new() { Value = organizerKeyHash });
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    /// <summary>Moves a stored key's times back by <paramref name="age"/>, as if that much time had passed.</summary>
    public static async Task AgeAsync(ApiFactory api, ClaimedAlliance alliance, string key, TimeSpan age)
    {
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        var schema = await SchemaOfAsync(connection, alliance);

        await using var update = new NpgsqlCommand(
            $"UPDATE \"{schema}\".idempotency_records SET created_at = created_at - $2, completed_at = completed_at - $2, expires_at = expires_at - $2 " +
            "WHERE idempotency_key = $1", connection);
        update.Parameters.Add(new() { Value = key });
        update.Parameters.Add(new() { Value = age });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    private static async Task<string> SchemaOfAsync(NpgsqlConnection connection, ClaimedAlliance alliance)
    {
        await using var find = new NpgsqlCommand("SELECT schema_name FROM platform.alliances WHERE id = $1", connection);
        find.Parameters.Add(new() { Value = alliance.Id });
        return (string)(await find.ExecuteScalarAsync())!;
    }
}
