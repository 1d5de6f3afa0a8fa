using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using Alliances.Tenancy.Resolution;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Alliances.Api.Infrastructure.Problems;

/// <summary>
/// A request that was resolved to an alliance just before the operator deleted it can meet the dropped schema or role
/// mid-way ("relation … does not exist", "role … does not exist", or stranger errors from a backend whose role was
/// dropped under it). When a database error hits a request of an alliance the catalog now records as deleted, the
/// answer is the 404 that the next request would get, not a 500. Registered before <see cref="ApiExceptionHandler"/>;
/// anything else goes on to it. The catalog is read afresh (not from the cache), and only on this error path.
/// </summary>
public sealed partial class DeletedAllianceExceptionHandler(
    AppDataSource app, IProblemDetailsService problems, ILogger<DeletedAllianceExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.RequestServices.GetService<ITenantContextAccessor>()?.Current is not { } tenant || !FromPostgres(exception))
        {
            return false;
        }

        try
        {
            await using var command = app.DataSource.CreateCommand("SELECT state FROM platform.alliances WHERE id = $1");
            command.Parameters.Add(new() { Value = tenant.AllianceId });
            if (await command.ExecuteScalarAsync(cancellationToken) is string state && state != "deleted")
            {
                return false;
            }
        }
        catch (NpgsqlException)
        {
            return false; // the database is gone altogether: the general handler's 503
        }

        LogDeletedMidRequest(logger, tenant.Subdomain, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = 404;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = 404,
                Type = TenancyProblems.AllianceNotFound,
                Title = "Alliance not found",
                Detail = "No alliance has claimed this sub-domain.",
            },
            Exception = exception,
        });
    }

    private static bool FromPostgres(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alliance {Alliance} was deleted while a request was in flight ({Error}: {Message}); answered 404")]
    private static partial void LogDeletedMidRequest(ILogger logger, string alliance, string error, string message);
}
