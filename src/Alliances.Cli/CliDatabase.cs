using Alliances.Api.Data;
using Alliances.Api.Data.TenantMigrations;
using Alliances.Api.Infrastructure.Database;
using Alliances.Cli.Commands;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.Configuration;

namespace Alliances.Cli;

/// <summary>
/// The owner-role pool and the migration runner for one command. Configuration has the API's keys and sources:
/// appsettings, then environment variables (<c>ConnectionStrings__AlliancesOwner</c>), then the command-line options.
/// With none configured, <see cref="DatabaseSetup.ResolveConnectionStrings"/> starts or reuses the development cluster.
/// </summary>
internal sealed class CliDatabase : IAsyncDisposable
{
    private readonly OwnerDataSource _owner;

    private CliDatabase(OwnerDataSource owner)
    {
        _owner = owner;
        Runner = new TenantMigrationRunner(owner, new TenantSchemaScripts());
    }

    public TenantMigrationRunner Runner { get; }

    public static CliDatabase Connect(ConnectionSettings settings)
    {
        var (configuration, environment) = Configure(settings);

        // Both strings are resolved, as the API does, so one configuration serves both. Operator commands connect only
        // as the owner role: it owns the schemas, and the application role may not change the catalog.
        var (_, owner) = DatabaseSetup.ResolveConnectionStrings(configuration, environment);
        return new CliDatabase(new OwnerDataSource(DatabaseSetup.BuildDataSource(owner, "alliances-cli")));
    }

    /// <summary>
    /// The configuration every CLI command reads: appsettings, environment variables, then <c>--connection</c> and
    /// <c>--owner-connection</c>, under the API's own keys.
    /// </summary>
    public static (IConfiguration Configuration, CliHostEnvironment Environment) Configure(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new CliHostEnvironment();
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(settings.Connection))
        {
            overrides[$"ConnectionStrings:{DatabaseSetup.AppConnectionName}"] = settings.Connection;
        }

        if (!string.IsNullOrWhiteSpace(settings.OwnerConnection))
        {
            overrides[$"ConnectionStrings:{DatabaseSetup.OwnerConnectionName}"] = settings.OwnerConnection;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment.EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return (configuration, environment);
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
