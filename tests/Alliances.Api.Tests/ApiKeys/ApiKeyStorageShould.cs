using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.ApiKeys;

/// <summary>A database dump, a backup or a read-only SQL injection must not yield a usable key: only hashes are stored.</summary>
public sealed class ApiKeyStorageShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // 12 base62 characters are 71 bits: a stored run that long is no coincidence, and no longer a safe fragment.
    private const int Window = 12;

    [Fact]
    public async Task KeepNoKeyText_InAnyColumnOfTheAllianceSchemaOrTheCatalog()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = new List<CreatedKey>
        {
            await organizer.CreateKeyAsync("organizer"),
            await organizer.CreateKeyAsync("space_owner", await organizer.NewSpaceIdAsync()),
            await organizer.CreateKeyAsync("integration", expiresAt: DateTimeOffset.UtcNow.AddDays(1)),
            await organizer.CreateKeyAsync("integration"),
        };
        await organizer.RevokeKeyAsync(created[3].Id);
        using (var used = api.Alliance(alliance.Subdomain, created[2].Key))
        {
            (await used.GetAsync("/v1/api-keys")).Dispose();
        }

        var keys = created.Select(c => c.Key).Append(alliance.OrganizerKey).ToArray();
        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);

        await using var connection = await schema.OpenOwnerAsync();
        var columns = await TextAndByteColumnsAsync(connection, schema.Name, "platform");
        // The scan must at least cover the key table's text and byte columns, or it proves nothing.
        Assert.Contains((schema.Name, "api_keys", "hash", "bytea"), columns);
        Assert.Contains((schema.Name, "api_keys", "prefix", "character varying"), columns);
        Assert.Contains((schema.Name, "api_keys", "name", "character varying"), columns);
        Assert.Contains(("platform", "alliances", "organizer_email", "text"), columns);

        var needles = keys.SelectMany(Needles).ToArray();
        var values = 0;
        var findings = new List<string>();
        foreach (var (tableSchema, table, column, type) in columns)
        {
            var sql = $"SELECT {Identifier(column)}{(type == "bytea" ? "" : "::text")} FROM {Identifier(tableSchema)}.{Identifier(table)} " +
                $"WHERE {Identifier(column)} IS NOT NULL";
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values++;
                var value = type == "bytea" ? reader.GetFieldValue<byte[]>(0) : Encoding.UTF8.GetBytes(reader.GetString(0));
                findings.AddRange(needles.Where(n => value.AsSpan().IndexOf(n.Bytes) >= 0).Select(n => $"{tableSchema}.{table}.{column} holds {n.What}"));
            }
        }

        Assert.True(values >= keys.Length * 3, $"Only {values} values were scanned; the scan is not looking at the keys.");
        Assert.Empty(findings);
    }

    [Fact]
    public async Task StoreTheSha256OfEachKey_AndItsFirstEightCharactersAsThePrefix()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = new List<(Guid Id, string Key)>
        {
            (await organizer.ClaimKeyIdAsync(), alliance.OrganizerKey),
        };
        foreach (var role in new[] { "organizer", "integration" })
        {
            var key = await organizer.CreateKeyAsync(role);
            created.Add((key.Id, key.Key));
        }

        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        foreach (var (id, key) in created)
        {
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), await schema.StoredHashAsync(id));
            Assert.Equal(key[..8], (await organizer.GetKeyAsync(id)).GetProperty("prefix").GetString());
        }
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// What must not appear: the key text, any <see cref="Window"/> characters of its secret beyond the displayed prefix
    /// (a partial secret is a leak too), and the secret's raw 32 bytes.
    /// </summary>
    private static IEnumerable<(string What, byte[] Bytes)> Needles(string key)
    {
        yield return ($"the key {key[..8]}… as text", Encoding.UTF8.GetBytes(key));
        var hidden = key[8..];
        for (var start = 0; start + Window <= hidden.Length; start++)
        {
            yield return ($"{Window} characters of the secret of {key[..8]}… (from position {8 + start})", Encoding.UTF8.GetBytes(hidden.Substring(start, Window)));
        }

        var value = key[4..].Aggregate(BigInteger.Zero, (acc, c) => (acc * 62) + Base62.IndexOf(c, StringComparison.Ordinal));
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        yield return ($"the random bytes of {key[..8]}…", raw.Length >= 32 ? raw : [.. new byte[32 - raw.Length], .. raw]);
    }

    private static async Task<List<(string Schema, string Table, string Column, string Type)>> TextAndByteColumnsAsync(NpgsqlConnection connection, params string[] schemas)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c " +
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' " +
            "WHERE c.table_schema = ANY($1) " +
            "AND c.data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED') " +
            "ORDER BY 1, 2, 3", connection)
        {
            Parameters = { new() { Value = schemas } },
        };
        var columns = new List<(string, string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return columns;
    }
}
