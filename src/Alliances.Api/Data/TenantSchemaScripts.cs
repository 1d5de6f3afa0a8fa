using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Alliances.Api.Data;

/// <summary>
/// The tenant schema as SQL, rendered once from the EF migrations and replayed per alliance. Running the EF migrator
/// for each claim costs seconds (django-tenants #617); replaying a cached script costs one round trip. Scripts are
/// unqualified and run under <c>SET LOCAL search_path</c>, so one rendering serves every alliance.
/// </summary>
public sealed class TenantSchemaScripts
{
    /// <summary>The version recorded for an alliance whose schema has not been created yet.</summary>
    public const string Empty = "0";

    private readonly IMigrator _migrator;
    private readonly ConcurrentDictionary<string, string> _scripts = new(StringComparer.Ordinal);

    public TenantSchemaScripts()
    {
        // A context that never connects: rendering a script needs only the model and the migrations.
        var context = new AllianceDbContext(new DbContextOptionsBuilder<AllianceDbContext>().UseNpgsql("Host=render-only").UseSnakeCaseNamingConvention().Options);
        _migrator = context.GetService<IMigrator>();
        var migrations = context.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).ToArray();
        AllVersions = migrations;
        LatestVersion = migrations.Length == 0 ? Empty : migrations[^1];
    }

    /// <summary>Every migration id, oldest first.</summary>
    public IReadOnlyList<string> AllVersions { get; }

    /// <summary>The id of the newest migration: what a fully migrated alliance records in the catalog.</summary>
    public string LatestVersion { get; }

    /// <summary>The SQL that takes a schema from <paramref name="fromVersion"/> to the latest version; empty when current.</summary>
    public string From(string? fromVersion)
    {
        var from = string.IsNullOrEmpty(fromVersion) ? Empty : fromVersion;
        if (from == LatestVersion)
        {
            return "";
        }

        if (from != Empty && !AllVersions.Contains(from, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"Unknown tenant schema version '{from}'. Is this build older than the database?");
        }

        return _scripts.GetOrAdd(from, f => _migrator.GenerateScript(
            fromMigration: f == Empty ? Migration.InitialDatabase : f,
            toMigration: LatestVersion,
            options: MigrationsSqlGenerationOptions.NoTransactions));
    }
}
