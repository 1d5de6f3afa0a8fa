using Alliances.Api.Data;
using Alliances.LocalPostgres;
using Alliances.Tenancy.Binding;
using Alliances.Tenancy.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Alliances.Api.Infrastructure.Database;

/// <summary>
/// Connection strings, pools and the tenant DbContext. In Development with no connection string configured, the API
/// starts (or reuses) the private PostgreSQL cluster from <see cref="LocalPostgresCluster"/>; anywhere else a missing
/// connection string stops start-up with a message saying what to set.
/// </summary>
public static class DatabaseSetup
{
    public const string AppConnectionName = "Alliances";
    public const string OwnerConnectionName = "AlliancesOwner";

    public static WebApplicationBuilder AddAlliancesDatabase(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (app, owner) = ResolveConnectionStrings(builder.Configuration, builder.Environment);

        builder.Services.AddSingleton(_ => new AppDataSource(BuildDataSource(WithTimeouts(app, RequestTimeouts), "alliances-api"), app));
        builder.Services.AddSingleton(_ => new OwnerDataSource(BuildDataSource(WithTimeouts(owner, OwnerTimeouts), "alliances-api-owner")));
        builder.Services.AddPooledDbContextFactory<AllianceDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<AppDataSource>().DataSource)
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(services.GetRequiredService<TenantConnectionBinder>()));
        KeepPoolPrivate(builder.Services);
        // A scope's context comes from the pool and is attached to the scope's TenantBinding before anything can use it.
        builder.Services.AddScoped(services => services.GetRequiredService<TenantConnectionBinder>().Attach(
            services.GetRequiredService<AllianceContextPool>().Factory.CreateDbContext(), services.GetRequiredService<TenantBinding>()));
        return builder;
    }

    /// <summary>
    /// Pooled contexts skip building options and EF's internal services on every request. The pool's factory is taken
    /// out of the container, so nothing can rent a context without attaching it to its scope's alliance: a context rented
    /// unattached would carry the binding of whichever scope used it last (disposed, so it would fail closed, but the
    /// rule is simpler: only the scoped registration rents).
    /// </summary>
    private static void KeepPoolPrivate(IServiceCollection services)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IDbContextFactory<AllianceDbContext>));
        services.Remove(registered);
        services.AddSingleton(provider => new AllianceContextPool((IDbContextFactory<AllianceDbContext>)(registered.ImplementationFactory?.Invoke(provider)
            ?? registered.ImplementationInstance
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
    }

    /// <summary>The pool of tenant contexts; internal to this class's registrations (see <see cref="KeepPoolPrivate"/>).</summary>
    internal sealed class AllianceContextPool(IDbContextFactory<AllianceDbContext> factory)
    {
        public IDbContextFactory<AllianceDbContext> Factory { get; } = factory;
    }

    /// <summary>The application and owner connection strings, from configuration or the embedded development cluster.</summary>
    public static (string App, string Owner) ResolveConnectionStrings(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var app = configuration.GetConnectionString(AppConnectionName);
        var owner = configuration.GetConnectionString(OwnerConnectionName);
        if (!string.IsNullOrWhiteSpace(app) && !string.IsNullOrWhiteSpace(owner))
        {
            return (app, owner);
        }

        if (!string.IsNullOrWhiteSpace(app) || !string.IsNullOrWhiteSpace(owner))
        {
            throw new InvalidOperationException(
                $"Set both ConnectionStrings:{AppConnectionName} (the application login role) and ConnectionStrings:{OwnerConnectionName} " +
                "(the role that owns the schemas and runs migrations and claims). Only one of them is configured.");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{AppConnectionName} and ConnectionStrings:{OwnerConnectionName} are not configured. " +
                "Outside Development the API never starts a database of its own; set them (for example with the environment " +
                $"variables ConnectionStrings__{AppConnectionName} and ConnectionStrings__{OwnerConnectionName}). See README.md, 'Configuration'.");
        }

        var options = new LocalPostgresOptions
        {
            // ALLIANCES_PG_PORT is what the tests and deploy/local scripts read, so one variable moves all of them.
            Port = int.TryParse(Environment.GetEnvironmentVariable("ALLIANCES_PG_PORT"), out var port)
                ? port
                : configuration.GetValue("LocalPostgres:Port", 5433),
            DataDirectory = configuration["LocalPostgres:DataDirectory"],
        };
        var local = LocalPostgresCluster.EnsureStartedAsync(options).GetAwaiter().GetResult();
        return (local.App, local.Owner);
    }

    /// <summary>
    /// The API's bounds on waiting for the database, for requests on the application role. Nothing waits longer than a
    /// few seconds on a lock, a slow statement or a server that has stopped answering; the exception handler turns each
    /// of these into a 503 with Retry-After (docs/operations.md, "Failure modes").
    /// <list type="bullet">
    /// <item>connect: 5 s (Npgsql's default is 15 s) to open a connection, TCP and start-up included;</item>
    /// <item>lock_timeout: 3 s for any one lock, then 55P03 (a table held by a long transaction);</item>
    /// <item>statement_timeout: 5 s per statement on the server, then 57014;</item>
    /// <item>command timeout: 8 s on the client, above the statement timeout, so it fires only when the server is frozen
    /// (it answers nothing, so it cannot time itself out).</item>
    /// </list>
    /// A value set in the connection string (<c>Timeout</c>, <c>Command Timeout</c>, or <c>-c statement_timeout=…</c> in
    /// <c>Options</c>) wins.
    /// </summary>
    public static readonly DatabaseTimeouts RequestTimeouts = new(ConnectSeconds: 5, CommandSeconds: 8, StatementMilliseconds: 5000, LockMilliseconds: 3000);

    /// <summary>The owner role's pool in the API: claims and operator actions run DDL, which is given more room.</summary>
    public static readonly DatabaseTimeouts OwnerTimeouts = new(ConnectSeconds: 5, CommandSeconds: 20, StatementMilliseconds: 15000, LockMilliseconds: 5000);

    /// <summary>
    /// Applies <paramref name="timeouts"/> to a connection string wherever it leaves Npgsql's default. The server-side
    /// settings travel as start-up options, so they are the session's defaults, and the pool's reset on return
    /// (DISCARD ALL) puts them back rather than clearing them.
    /// </summary>
    public static string WithTimeouts(string connectionString, DatabaseTimeouts timeouts)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var defaults = new NpgsqlConnectionStringBuilder();
        if (settings.Timeout == defaults.Timeout)
        {
            settings.Timeout = timeouts.ConnectSeconds;
        }

        if (settings.CommandTimeout == defaults.CommandTimeout)
        {
            settings.CommandTimeout = timeouts.CommandSeconds;
        }

        var options = settings.Options ?? "";
        if (!options.Contains("statement_timeout", StringComparison.Ordinal))
        {
            options += $" -c statement_timeout={timeouts.StatementMilliseconds}";
        }

        if (!options.Contains("lock_timeout", StringComparison.Ordinal))
        {
            options += $" -c lock_timeout={timeouts.LockMilliseconds}";
        }

        settings.Options = options.Trim();
        return settings.ConnectionString;
    }

    /// <summary>
    /// Pools are capped and connections recycled: every PostgreSQL backend caches catalog entries for each schema it
    /// touches, without a limit, so a long-lived connection that visits many alliances grows without bound (DESIGN §3.7).
    /// </summary>
    public static NpgsqlDataSource BuildDataSource(string connectionString, string applicationName)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.ConnectionLifetime == 0)
        {
            settings.ConnectionLifetime = 300;
        }

        settings.ApplicationName ??= applicationName;
        // Keep Npgsql's reset on return to the pool: it undoes SET ROLE and search_path (see the isolation tests).
        settings.NoResetOnClose = false;
        return new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
    }
}

/// <summary>How long the API waits for the database; see <see cref="DatabaseSetup.RequestTimeouts"/>.</summary>
public sealed record DatabaseTimeouts(int ConnectSeconds, int CommandSeconds, int StatementMilliseconds, int LockMilliseconds);
