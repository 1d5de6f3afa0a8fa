using System.Net;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// Issue #16, defect 3: a transient database failure is a 503 with Retry-After however a library wraps it. The
/// connection-slot case was 171 × 500 under load because EF wraps the 53300 in an InvalidOperationException.
/// </summary>
public sealed class TransientFailuresShould(ErrorsApiFactory api) : IClassFixture<ErrorsApiFactory>
{
    [Theory]
    [InlineData(ErrorsApiFactory.TooManyConnectionsPath)]
    [InlineData(ErrorsApiFactory.LockTimeoutPath)]
    public async Task Answer503WithRetryAfter_WhenEfWrapsATransientFailure(string path)
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "503 without Retry-After");
    }

    // The control: a non-transient PostgreSQL error behind the same wrapping stays a 500 (a bug, not an outage).
    [Fact]
    public void NotCallAnEveryDayBugTransient()
    {
        var syntax = new InvalidOperationException("wrapped", new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError));
        var slots = new InvalidOperationException("wrapped", new PostgresException("too many", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections));
        var statement = new AggregateException(new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", PostgresErrorCodes.QueryCanceled));

        Assert.False(DatabaseFailures.IsTransient(syntax));
        Assert.True(DatabaseFailures.IsTransient(slots));
        Assert.True(DatabaseFailures.IsTransient(statement));
        Assert.True(DatabaseFailures.IsTransient(new Microsoft.EntityFrameworkCore.DbUpdateException("x", new TimeoutException())));
        Assert.False(DatabaseFailures.IsTimeout(slots));
    }
}
