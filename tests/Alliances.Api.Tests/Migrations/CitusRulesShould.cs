using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Tests.Migrations;

/// <summary>
/// The rules a tenant schema must keep to move whole between Citus workers (docs/architecture.md, "Staying
/// Citus-ready"), checked on plain PostgreSQL in the catalog of a freshly claimed alliance: a migration that breaks
/// one fails here on every run, not only where a Citus cluster is at hand. Each rule's query is also run against a
/// schema built to break it, so a query that finds nothing because it is wrong cannot pass.
/// </summary>
public sealed class CitusRulesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly (string Rule, string Sql)[] Rules =
    [
        ("every table has a primary key",
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
            """),
        ("no foreign key leaves the schema, in either direction",
            """
            SELECT k.conname FROM pg_constraint k
            JOIN pg_class src ON src.oid = k.conrelid JOIN pg_namespace ns ON ns.oid = src.relnamespace
            JOIN pg_class dst ON dst.oid = k.confrelid JOIN pg_namespace nd ON nd.oid = dst.relnamespace
            WHERE k.contype = 'f' AND (ns.nspname = @schema) <> (nd.nspname = @schema)
            """),
        ("no table inheritance",
            """
            SELECT child.relname FROM pg_inherits i
            JOIN pg_class child ON child.oid = i.inhrelid JOIN pg_namespace nc ON nc.oid = child.relnamespace
            JOIN pg_class parent ON parent.oid = i.inhparent JOIN pg_namespace np ON np.oid = parent.relnamespace
            WHERE nc.nspname = @schema OR np.nspname = @schema
            """),
        ("no sequence of another schema behind a column",
            """
            SELECT seq.relname FROM pg_depend d
            JOIN pg_class seq ON seq.oid = d.refobjid AND seq.relkind = 'S' JOIN pg_namespace nseq ON nseq.oid = seq.relnamespace
            JOIN pg_attrdef ad ON ad.oid = d.objid AND d.classid = 'pg_attrdef'::regclass
            JOIN pg_class tbl ON tbl.oid = ad.adrelid JOIN pg_namespace ntbl ON ntbl.oid = tbl.relnamespace
            WHERE ntbl.nspname = @schema AND nseq.nspname <> @schema
            """),
    ];

    public static TheoryData<int> RuleIndexes => new(Enumerable.Range(0, Rules.Length));

    [Theory]
    [MemberData(nameof(RuleIndexes))]
    public async Task HoldInAFreshlyClaimedAlliance(int rule)
    {
        var alliance = await api.ClaimAsync();
        var schema = TenantDatabaseName.For(alliance.Id);
        Assert.True(await TableCountAsync(schema) > 5, "the claimed schema should hold the tenant tables");

        var offenders = await OffendersAsync(Rules[rule].Sql, schema);

        Assert.True(offenders.Count == 0, $"Citus rule broken ({Rules[rule].Rule}) in {schema}: {string.Join(", ", offenders)}");
    }

    [Theory]
    [MemberData(nameof(RuleIndexes))]
    public async Task FindTheBreach_InASchemaBuiltToBreakThem(int rule)
    {
        var broken = "citus_rules_" + Guid.NewGuid().ToString("N")[..10];
        var other = broken + "_other";
        await ExecuteAsync(
            $"""
            CREATE SCHEMA {broken};
            CREATE SCHEMA {other};
            CREATE SEQUENCE {other}.shared_seq;
            CREATE TABLE {other}.target (id uuid PRIMARY KEY);
            CREATE TABLE {broken}.no_key (note text);
            CREATE TABLE {broken}.referrer (id uuid PRIMARY KEY, target_id uuid REFERENCES {other}.target (id));
            CREATE TABLE {broken}.parent (id uuid PRIMARY KEY);
            CREATE TABLE {broken}.child (extra text) INHERITS ({broken}.parent);
            ALTER TABLE {broken}.child ADD PRIMARY KEY (id);
            CREATE TABLE {broken}.counter (id bigint PRIMARY KEY DEFAULT nextval('{other}.shared_seq'));
            """);
        try
        {
            Assert.NotEmpty(await OffendersAsync(Rules[rule].Sql, broken));
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA {broken} CASCADE; DROP SCHEMA {other} CASCADE;");
        }
    }

    private async Task<int> TableCountAsync(string schema) =>
        (await OffendersAsync("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind = 'r'", schema)).Count;

    private async Task<List<string>> OffendersAsync(string sql, string schema)
    {
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("schema", schema);
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
