using System.Net;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliances.Api.Tests.Health;

/// <summary>
/// With the database unreachable: <c>/healthz</c> still answers 200 on every kind of host (it does no I/O and no tenant
/// resolution), <c>/readyz</c> answers 503, and requests that need the database get a 503 problem with Retry-After.
/// </summary>
public sealed class UnreachableDatabaseShould(UnreachableDatabaseApiFactory api) : IClassFixture<UnreachableDatabaseApiFactory>
{
    [Theory]
    [InlineData(ApiFactory.Apex)]
    [InlineData("seattle." + ApiFactory.Apex)]
    [InlineData("nobody-claimed-this." + ApiFactory.Apex)]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task StillReturn200FromHealthz_OnAnyHost(string host)
    {
        using var client = api.ClientFor(host);
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        await HealthAssertions.AssertHealthyAsync(response);
    }

    [Theory]
    [InlineData(ApiFactory.Apex)]
    [InlineData("seattle." + ApiFactory.Apex)]
    public async Task Return503FromReadyz(string host)
    {
        using var client = api.ClientFor(host);
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        // Issue #16, defect 11: a problem+json 503 with Retry-After, like every other 503, not a plain "Unhealthy".
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "503 without Retry-After");
    }

    // The controls: the factory really cannot reach the database, so the 200s above did not touch it.
    [Fact]
    public async Task ReallyHaveNoDatabase_TheAppPoolsCannotConnect()
    {
        var app = api.Services.GetRequiredService<AppDataSource>();
        var owner = api.Services.GetRequiredService<OwnerDataSource>();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAndCloseAsync(app.DataSource));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAndCloseAsync(owner.DataSource));
    }

    [Fact]
    public async Task Return503WithRetryAfter_ForAPlatformRouteThatNeedsTheDatabase()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri("/v1/alliances", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        Assert.True(response.Headers.RetryAfter is not null, "A 503 carries Retry-After.");
    }

    [Fact]
    public async Task Return503WithRetryAfter_OnAnAllianceHost_BecauseTheCatalogIsUnreachable()
    {
        using var client = api.Alliance("seattle");
        using var response = await client.GetAsync(new Uri("/v1/alliance", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "catalog-unavailable");
        Assert.True(response.Headers.RetryAfter is not null, "A 503 carries Retry-After.");
    }

    private static async Task OpenAndCloseAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
    }
}
