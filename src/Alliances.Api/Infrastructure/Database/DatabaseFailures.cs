using Npgsql;

namespace Alliances.Api.Infrastructure.Database;

/// <summary>
/// Which database failures are worth a retry: the server or the network went away, a connection could not be had, or a
/// statement waited past its timeout. EF Core and our own code wrap these (EF's "likely due to a transient failure"
/// InvalidOperationException, DbUpdateException), so the whole chain of inner exceptions is searched.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsTransient(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            switch (exception)
            {
                case PostgresException postgres when IsTransientState(postgres.SqlState):
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(IsTransient);
            }

            exception = exception.InnerException;
        }

        return false;
    }

    /// <summary>
    /// True for a wait that ran into <c>statement_timeout</c> (57014) or <c>lock_timeout</c> (55P03): the server is up, but
    /// something held this request too long.
    /// </summary>
    public static bool IsTimeout(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable })
            {
                return true;
            }

            exception = exception.InnerException;
        }

        return false;
    }

    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exception
        || state.StartsWith("53", StringComparison.Ordinal) // insufficient resources: 53300 too many connections
        || state is PostgresErrorCodes.QueryCanceled // 57014: statement_timeout (a client cancel surfaces as OperationCanceledException)
            or PostgresErrorCodes.LockNotAvailable // 55P03: lock_timeout
            or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
