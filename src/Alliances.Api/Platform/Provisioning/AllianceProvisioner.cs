using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.ApiKeys;
using Alliances.Api.Platform.Schema;
using Alliances.Tenancy.Database;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Platform.Provisioning;

/// <summary>
/// Creates an alliance in one transaction: catalog row, role, schema, grants, tenant tables and the first organizer
/// key. PostgreSQL DDL is transactional, so a failure at any step leaves no row, no schema and no role behind.
/// </summary>
public sealed class AllianceProvisioner(
    OwnerDataSource owner,
    AppDataSource app,
    TenantSchemaScripts scripts,
    IProvisioningObserver observer,
    TimeProvider clock)
{
    private const string InsertCatalogRow =
        "INSERT INTO platform.alliances (id, subdomain, name, region, time_zone, state, schema_name, role_name, schema_version, " +
        "organizer_name, organizer_email, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'active', $6, $6, NULL, $7, $8, $9, $9)";

    private const string InsertOrganizerKey =
        "INSERT INTO api_keys (id, name, role, space_id, hash, prefix, created_at, updated_at) " +
        "VALUES ($1, $2, 'organizer', NULL, $3, $4, $5, $5)";

    public async Task<ProvisionedAlliance> ProvisionAsync(AllianceClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var id = Guid.CreateVersion7();
        var name = TenantDatabaseName.For(id);
        var quoted = TenantDatabaseName.Quote(name);
        var appRole = PlatformSchemaMigrator.QuoteIdentifier(new NpgsqlConnectionStringBuilder(app.DataSource.ConnectionString).Username!);
        var now = clock.GetUtcNow();
        var key = ApiKeySecret.Generate();

        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        try
        {
            await using var insert = new NpgsqlCommand(InsertCatalogRow, connection)
            {
                Parameters =
                {
                    new() { Value = id }, new() { Value = claim.Subdomain }, new() { Value = claim.Name }, new() { Value = claim.Region },
                    new() { Value = claim.TimeZone }, new() { Value = name }, new() { Value = claim.OrganizerName },
                    new() { Value = claim.OrganizerEmail }, new() { Value = now },
                },
            };
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new SubdomainTakenException(claim.Subdomain);
        }

        await observer.StepCompletedAsync(ProvisioningStep.CatalogRowInserted, cancellationToken);

        // The role can LOG IN (Citus connects to workers as the current role) but has no password; pg_hba refuses it
        // from anywhere but the cluster's own nodes. It gets USAGE on its own schema and DML on its tables, nothing more.
        await ExecuteAsync(connection,
            $"CREATE ROLE {quoted} LOGIN NOINHERIT; " +
            $"CREATE SCHEMA {quoted}; " +
            $"GRANT USAGE ON SCHEMA {quoted} TO {quoted}; " +
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA {quoted} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}; " +
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA {quoted} GRANT USAGE, SELECT ON SEQUENCES TO {quoted}; " +
            $"GRANT {quoted} TO {appRole}",
            cancellationToken);
        await observer.StepCompletedAsync(ProvisioningStep.SchemaAndRoleCreated, cancellationToken);

        await ExecuteAsync(connection, $"SET LOCAL search_path TO {quoted}; " + scripts.From(TenantSchemaScripts.Empty), cancellationToken);
        await observer.StepCompletedAsync(ProvisioningStep.TenantSchemaApplied, cancellationToken);

        await using (var insertKey = new NpgsqlCommand(InsertOrganizerKey, connection)
        {
            Parameters =
            {
                new() { Value = Guid.CreateVersion7() }, new() { Value = "Organizer key (created at claim)" },
                new() { Value = key.Hash }, new() { Value = key.DisplayPrefix }, new() { Value = now },
            },
        })
        {
            await insertKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await observer.StepCompletedAsync(ProvisioningStep.OrganizerKeyCreated, cancellationToken);

        await using (var version = new NpgsqlCommand("UPDATE platform.alliances SET schema_version = $1 WHERE id = $2", connection)
        {
            Parameters = { new() { Value = scripts.LatestVersion }, new() { Value = id } },
        })
        {
            await version.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // PostgreSQL 15 backends that were already pooled can refuse SET ROLE to the new role for a moment after the
        // GRANT commits (a stale role-membership cache; fresh backends never do). Recycling the pool's connections
        // means this node's first requests to the new alliance run on backends that see the grant. Other nodes do the
        // same when the catalog NOTIFY reaches them (CatalogChangeListener); what still slips through is a 503.
        app.DataSource.Clear();
        return new ProvisionedAlliance(id, claim.Subdomain, claim.Name, claim.Region, claim.TimeZone, scripts.LatestVersion, now, key.Text);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
