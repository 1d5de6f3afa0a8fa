using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;
using Alliances.LocalPostgres;
using Npgsql;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Issue #9's crash test, with a real crash: the API runs as a process whose dispatcher claims a delivery and is
/// SIGKILLed while the receiver is still holding the request. After a restart the delivery goes out again, once, and
/// never while the first attempt could still be in flight.
/// </summary>
/// <remarks>
/// The test has a database of its own, so the dispatchers of the in-process test servers (which work every alliance
/// of the shared test database) cannot take the delivery first; that needs the private cluster's superuser.
/// </remarks>
public sealed class DispatcherCrashShould : IAsyncLifetime
{
    private const string Apex = "alliances.test";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);

    private WebhookReceiver _receiver = null!;
    private LocalPostgresConnectionStrings _database = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        var separate = await TestDatabase.CreateSeparateAsync() ?? throw new InvalidOperationException(
            "DispatcherCrashShould needs a database of its own; set ALLIANCES_TEST_DATABASE_SUPERUSER when the tests use an external database.");
        _database = new LocalPostgresConnectionStrings(separate.Owner, separate.App, separate.Superuser!);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task DeliverAClaimedEvent_AfterTheDispatcherIsKilledMidSend_AndNeverTwiceAtOnce()
    {
        // The first attempt hangs until its connection dies; any later one is answered at once.
        _receiver.Behaviour = (_, n) => n == 1 ? (200, TimeSpan.FromMinutes(2)) : (200, TimeSpan.Zero);
        Guid hook;
        DateTimeOffset leasedUntil;
        string schema;
        await using (var first = await ApiProcess.StartAsync(Settings()))
        {
            var (subdomain, organizerKey) = await ClaimAsync(first);
            schema = await SchemaOfAsync(subdomain);
            using var organizer = first.Client($"{subdomain}.{Apex}", organizerKey);
            using (var created = await organizer.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.BaseUrl + "/crash", eventTypes = new[] { "space.created" } }))
            {
                hook = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            }

            using (var ping = await organizer.PostAsync($"/v1/webhooks/{hook}/ping", null))
            {
                Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
            }

            await WebhookTestKit.WaitForAsync(() => _receiver.On("/crash"), r => r.Count == 1, TimeSpan.FromSeconds(30));
            await first.KillAsync();

            // Claimed and not finished: still pending, under the dead dispatcher's lease.
            var (state, lockedUntil) = await DeliveryAsync(schema, hook);
            Assert.Equal("pending", state);
            leasedUntil = Assert.NotNull(lockedUntil);
        }

        await using var restarted = await ApiProcess.StartAsync(Settings());
        var received = await WebhookTestKit.WaitForAsync(() => _receiver.On("/crash"), r => r.Count == 2, TimeSpan.FromSeconds(60));
        await WebhookTestKit.WaitForAsync(() => DeliveryAsync(schema, hook), d => d.State == "succeeded", TimeSpan.FromSeconds(30));

        Assert.Equal(received[0].Id, received[1].Id);
        Assert.True(received[1].ReceivedAt >= leasedUntil.AddMilliseconds(-500),
            $"The retry went out at {received[1].ReceivedAt:O}, before the dead dispatcher's lease ran out at {leasedUntil:O}.");
        Assert.Equal(1, _receiver.MostInFlight["/crash"]);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _receiver.On("/crash").Count);
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["DOTNET_ENVIRONMENT"] = "Testing",
        ["ConnectionStrings__Alliances"] = _database.App,
        ["ConnectionStrings__AlliancesOwner"] = _database.Owner,
        ["Alliances__ApexDomain"] = Apex,
        ["Alliances__OperatorKey"] = ApiFactory.OperatorKey,
        ["Alliances__Webhooks__RunDispatcher"] = "true",
        ["Alliances__Webhooks__AllowLoopbackForTests"] = "true",
        ["Alliances__Webhooks__AllowHttp"] = "true",
        ["Alliances__Webhooks__Timeout"] = "00:00:05",
        ["Alliances__Webhooks__Lease"] = Lease.ToString("c", CultureInfo.InvariantCulture),
        ["Alliances__Webhooks__SweepInterval"] = "00:00:00.300",
        ["Alliances__Webhooks__RetrySchedule__0"] = "00:00:00.200",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task<(string Subdomain, string OrganizerKey)> ClaimAsync(ApiProcess api)
    {
        var subdomain = ApiFactory.NewSubdomain("crash");
        using var platform = api.Client(Apex);
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return (subdomain, body.GetProperty("organizerKey").GetString()!);
    }

    private async Task<string> SchemaOfAsync(string subdomain)
    {
        await using var connection = new NpgsqlConnection(_database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT schema_name FROM platform.alliances WHERE subdomain = $1", connection)
        {
            Parameters = { new() { Value = subdomain } },
        };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(string State, DateTimeOffset? LockedUntil)> DeliveryAsync(string schema, Guid hook)
    {
        await using var connection = new NpgsqlConnection(_database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT state, locked_until FROM \"{schema}\".webhook_deliveries WHERE subscription_id = $1", connection)
        {
            Parameters = { new() { Value = hook } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "No delivery was recorded.");
        var state = reader.GetString(0);
        DateTimeOffset? lockedUntil = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
        Assert.False(await reader.ReadAsync(), "More than one delivery was recorded.");
        return (state, lockedUntil);
    }
}
