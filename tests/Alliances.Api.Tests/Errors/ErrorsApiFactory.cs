using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// The API with everything it logs captured at Trace level, two test-only routes that throw, and one alliance claimed
/// on first use and shared by the tests of a class.
/// </summary>
public sealed class ErrorsApiFactory : ApiFactory
{
    /// <summary>Throws an <see cref="InvalidOperationException"/> whose message looks like a leaked secret and SQL.</summary>
    public const string BoomPath = "/v1/test-boom";

    /// <summary>Throws a non-transient <see cref="PostgresException"/> carrying SQL text, as a failed query would.</summary>
    public const string SqlBoomPath = "/v1/test-boom-sql";

    /// <summary>Throws what EF Core throws when no connection slot is free: an InvalidOperationException around a 53300.</summary>
    public const string TooManyConnectionsPath = "/v1/test-boom-53300";

    /// <summary>Throws a DbUpdateException around a lock timeout (55P03), as SaveChanges does on a locked table.</summary>
    public const string LockTimeoutPath = "/v1/test-boom-55p03";

    public const string BoomMessage = "boom-7f3a: SELECT password_hash FROM platform.secrets WHERE id = 42";
    public const string SqlBoomQuery = "SELECT hash FROM api_keys WHERE prefix = 'sqlboom-91c2'";

    private readonly Lazy<Task<ClaimedAlliance>> _alliance;

    public ErrorsApiFactory() => _alliance = new(() => ClaimAsync());

    public CapturedLogs Logs { get; } = new();

    /// <summary>An alliance (with its organizer key) that the tests of one class share; claimed once.</summary>
    public Task<ClaimedAlliance> SharedAllianceAsync() => _alliance.Value;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // A provider-specific level, as an operator would set for any provider: everything, every category.
        [$"Logging:{CapturedLogs.Alias}:LogLevel:Default"] = "Trace",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddSingleton<IStartupFilter, ThrowingRoutes>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Logs.Dispose();
        }
    }

    /// <summary>
    /// Adds middleware after the whole application pipeline (so after routing, tenancy, auth and the exception handler)
    /// that throws for the test routes; every other request falls through to the usual 404.
    /// </summary>
    private sealed class ThrowingRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (context, rest) =>
            {
                if (context.Request.Path.Equals(BoomPath, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(BoomMessage);
                }

                if (context.Request.Path.Equals(SqlBoomPath, StringComparison.Ordinal))
                {
                    throw new PostgresException(
                        "syntax error at or near \"sqlboom\"", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError,
                        detail: "sqlboom detail", internalQuery: SqlBoomQuery, tableName: "api_keys");
                }

                if (context.Request.Path.Equals(TooManyConnectionsPath, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        "An exception has been raised that is likely due to a transient failure.",
                        new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections));
                }

                if (context.Request.Path.Equals(LockTimeoutPath, StringComparison.Ordinal))
                {
                    throw new Microsoft.EntityFrameworkCore.DbUpdateException(
                        "An error occurred while saving the entity changes.",
                        new PostgresException("canceling statement due to lock timeout", "ERROR", "ERROR", PostgresErrorCodes.LockNotAvailable));
                }

                await rest(context);
            });
        };
    }
}
