using System.Net;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Spaces;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// A paused (or disabled) subscription is sent nothing, so a ping or a redelivery to it is refused with a 409 that
/// says how to re-enable it, rather than accepted and then silently marked failed.
/// </summary>
public sealed class InactiveWebhookShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task RefusePingAndRedelivery_WhilePaused_AndAcceptThemOnceResumed()
    {
        var (alliance, client, hook, _) = await SubscribeAsync(api, "https://hooks.example.org/paused");
        using (var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        }

        var delivery = (await DeliveriesOfAsync(alliance, hook)).Single();
        using (var paused = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": false}"""))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        using (var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            var problem = await ping.AssertProblemAsync(HttpStatusCode.Conflict, "webhook-inactive");
            Assert.Contains("paused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var redeliver = await client.PostAsync($"/v1/webhooks/{hook}/deliveries/{delivery}/redeliver", null))
        {
            await redeliver.AssertProblemAsync(HttpStatusCode.Conflict, "webhook-inactive");
        }

        Assert.Single(await DeliveriesOfAsync(alliance, hook));

        using (var resumed = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        using var again = await client.PostAsync($"/v1/webhooks/{hook}/deliveries/{delivery}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(2, (await DeliveriesOfAsync(alliance, hook)).Count);
    }

    /// <summary>The ids of the subscription's deliveries, from the database (the log lists attempts, and none is made here).</summary>
    private async Task<List<Guid>> DeliveriesOfAsync(ClaimedAlliance alliance, Guid hook)
    {
        var schema = await ApiKeys.AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT id FROM {schema.Quoted}.webhook_deliveries WHERE subscription_id = $1", connection)
        {
            Parameters = { new() { Value = hook } },
        };
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
