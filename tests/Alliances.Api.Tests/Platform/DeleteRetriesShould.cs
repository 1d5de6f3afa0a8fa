using System.Net;
using Alliances.Api.Platform.Operator;
using Alliances.Api.Tests.Errors;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Api.Tests.Platform;

/// <summary>No drain, half a second per try at the drop, and the API's log kept, so a test sees each try fail.</summary>
public sealed class ShortDropLockApiFactory : ApiFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:Operator:DeleteDrainSeconds"] = "0",
        ["Alliances:Operator:DropLockTimeoutSeconds"] = "0.5",
        [$"Logging:{CapturedLogs.Alias}:LogLevel:Default"] = "Information",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

/// <summary>
/// Issue #16: the drop of a deleted alliance that loses a lock race is tried again inside the DELETE, so the operator
/// does not have to repeat it; only a table held past every try is a 503 with Retry-After.
/// </summary>
public sealed class DeleteRetriesShould(ShortDropLockApiFactory api) : IClassFixture<ShortDropLockApiFactory>
{
    [Fact]
    public async Task DropAgain_WhenATryLosesALockRace_AndAnswer200ToTheOneDelete()
    {
        var alliance = await api.ClaimAsync();
        await using var holder = await HoldSpacesAsync(alliance);
        using var operatorClient = api.Operator();
        var delete = operatorClient.DeleteAsync($"/v1/alliances/{alliance.Subdomain}?confirm={alliance.Subdomain}");

        // Released only once a try has failed on the lock: without the retry, that try was the DELETE's answer.
        await WebhookTestKit.WaitForAsync(() => Retries(alliance), n => n >= 1, TimeSpan.FromSeconds(20));
        await holder.DisposeAsync();

        using var deleted = await delete;
        Assert.Equal("deleted", (await deleted.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString());
        using var client = api.Alliance(alliance.Subdomain);
        using var gone = await client.GetAsync("/v1/alliance");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Answer503WithRetryAfter_WhenTheTableIsHeldPastEveryTry_AndLeaveTheAllianceSuspended()
    {
        var alliance = await api.ClaimAsync();
        using var operatorClient = api.Operator();
        await using (await HoldSpacesAsync(alliance))
        {
            using var refused = await operatorClient.DeleteAsync($"/v1/alliances/{alliance.Subdomain}?confirm={alliance.Subdomain}");
            await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        Assert.Equal(AllianceStateChanger.DropAttempts - 1, Retries(alliance));
        using (var client = api.Alliance(alliance.Subdomain))
        using (var suspended = await client.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, suspended.StatusCode);
        }

        using var deleted = await operatorClient.DeleteAsync($"/v1/alliances/{alliance.Subdomain}?confirm={alliance.Subdomain}");
        Assert.Equal("deleted", (await deleted.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    private int Retries(ClaimedAlliance alliance) => api.Logs.Entries.Count(e =>
        e.Category == typeof(AllianceStateChanger).FullName && e.Message.Contains($"Deleting {alliance.Subdomain}: drop attempt", StringComparison.Ordinal));

    /// <summary>A long transaction holding one of the alliance's tables, as a slow report or a stuck session would.</summary>
    private async Task<NpgsqlConnection> HoldSpacesAsync(ClaimedAlliance alliance)
    {
        var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT schema_name FROM platform.alliances WHERE id = $1", connection) { Parameters = { new() { Value = alliance.Id } } };
        var schema = (string)(await command.ExecuteScalarAsync())!;
        command.Parameters.Clear();
        command.CommandText = $"BEGIN; LOCK TABLE \"{schema}\".spaces IN ACCESS SHARE MODE";
        await command.ExecuteNonQueryAsync();
        return connection; // disposing it ends the transaction and frees the table
    }
}
