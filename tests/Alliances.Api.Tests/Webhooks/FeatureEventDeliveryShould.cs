using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Priorities;
using static Alliances.Api.Tests.Webhooks.OutboxLog;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Feature events end to end, through the running dispatcher to a real loopback receiver: signed, with the resource as
/// data, only to the subscriptions that asked for the type, and never across alliances.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class FeatureEventDeliveryShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task DeliverFeatureEvents_Signed_WithTheResourceAsData()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var path = NewPath("signed");
        var (_, secret) = await SubscribeAsync(organizer, path, "space.created", "meeting.scheduled", "rsvp.created", "priority.promoted");

        var space = await MeetingCalls.CreateSpaceAsync(organizer, "Delivered Space");
        var meeting = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Delivered meeting", TimeSpan.FromDays(3)));
        JsonElement receipt;
        using (var rsvp = await organizer.RsvpAsync(meeting, "Ann", "ann@example.org", "yes"))
        {
            receipt = await rsvp.ReadJsonAsync(HttpStatusCode.Created);
        }

        var priority = await organizer.ProposeIdAsync("Delivered priority");
        await organizer.PromoteAsync(priority);

        var received = await ReceivedWhenSettledAsync(outbox, path, 4);
        var stored = await outbox.AllAsync();
        var expected = new Dictionary<string, JsonElement>
        {
            ["space.created"] = space,
            ["meeting.scheduled"] = await organizer.GetMeetingAsync(meeting),
            ["rsvp.created"] = receipt.GetProperty("rsvp"),
            ["priority.promoted"] = await organizer.GetPriorityAsync(priority),
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), received.Select(r => TypeOf(r)).Order(StringComparer.Ordinal));
        foreach (var request in received)
        {
            Assert.True(WebhookSignatureShould.Verify(secret, request.Id, request.Timestamp, request.Body, request.Signature));
            var envelope = JsonDocument.Parse(request.Body).RootElement;
            var source = stored.Single(e => WebhookDeliveryRunner.MessageId(e.Id) == request.Id);
            Assert.Equal(source.Type, TypeOf(request));
            AssertSameJson(source.Data, envelope.GetProperty("data"));
            AssertSameJson(expected[source.Type], envelope.GetProperty("data"));
        }
    }

    [Fact]
    public async Task NeverStoreOrDeliverAnEvent_InAnotherAlliance()
    {
        var (organizerA, outboxA) = await OutboxLog.ClaimAsync(api);
        var (organizerB, outboxB) = await OutboxLog.ClaimAsync(api);
        var pathA = NewPath("alliance-a");
        var pathB = NewPath("alliance-b");
        await SubscribeAsync(organizerA, pathA, [.. WebhookEventTypes.All]);
        await SubscribeAsync(organizerB, pathB, [.. WebhookEventTypes.All]);

        await MeetingCalls.CreateSpaceAsync(organizerA, "Only in A");
        var meeting = await organizerA.CreateMeetingIdAsync(MeetingCalls.Body("A's meeting", TimeSpan.FromDays(2)));
        using (var cancel = await organizerA.PostAsJsonAsync($"/v1/meetings/{meeting}/cancel", new { reason = "A only" }))
        {
            await cancel.ReadJsonAsync();
        }

        await organizerA.ProposeIdAsync("A's idea");

        var received = await ReceivedWhenSettledAsync(outboxA, pathA, 4);
        Assert.Equal((await outboxA.AllAsync()).Select(e => WebhookDeliveryRunner.MessageId(e.Id)).Order(), received.Select(r => r.Id).Order());
        Assert.Empty(await outboxB.AllAsync());
        Assert.Equal(0, await outboxB.CountAsync("webhook_deliveries"));
        Assert.DoesNotContain(_receiver.Requests, r => r.Path == pathB);
    }

    [Fact]
    public async Task DeliverAType_OnlyToTheSubscriptionsThatAskedForIt()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var spacesOnly = NewPath("spaces-only");
        var others = NewPath("others");
        var (spacesHook, _) = await SubscribeAsync(organizer, spacesOnly, "space.created");
        var (othersHook, _) = await SubscribeAsync(organizer, others, "space.updated", "priority.proposed");

        var space = (await MeetingCalls.CreateSpaceAsync(organizer, "Filtered Space")).GetProperty("id").GetGuid();
        using (var patch = await organizer.SendAsync(HttpMethod.Patch, $"/v1/spaces/{space}", new System.Text.Json.Nodes.JsonObject { ["name"] = "Renamed" },
                   contentType: "application/merge-patch+json"))
        {
            await patch.ReadJsonAsync();
        }

        await organizer.ProposeIdAsync("Filtered idea");
        await ReceivedWhenSettledAsync(outbox, others, 2);

        Assert.Equal(["space.created"], Received(spacesOnly).Select(TypeOf));
        Assert.Equal(["priority.proposed", "space.updated"], Received(others).Select(TypeOf).Order(StringComparer.Ordinal));
        Assert.Equal(["space.created"], await outbox.DeliveredTypesAsync(spacesHook));
        Assert.Equal(["priority.proposed", "space.updated"], await outbox.DeliveredTypesAsync(othersHook));
    }

    private static string NewPath(string name) => $"/{name}-{Guid.NewGuid():N}";

    private async Task<(Guid Hook, string Secret)> SubscribeAsync(HttpClient organizer, string path, params string[] eventTypes)
    {
        using var created = await organizer.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.BaseUrl + path, eventTypes });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    private List<WebhookReceiver.Received> Received(string path) => [.. _receiver.Requests.Where(r => r.Path == path)];

    /// <summary>
    /// What <paramref name="path"/> received once at least <paramref name="atLeast"/> requests came and the alliance's
    /// outbox is settled: every event fanned out and every delivery sent, so nothing else is on its way.
    /// </summary>
    private async Task<List<WebhookReceiver.Received>> ReceivedWhenSettledAsync(OutboxLog outbox, string path, int atLeast)
    {
        await WebhookTestKit.WaitForAsync(() => Received(path), r => r.Count >= atLeast);
        await WebhookTestKit.WaitForAsync(outbox.SettledAsync, settled => settled);
        return Received(path);
    }

    private static string TypeOf(WebhookReceiver.Received request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()!;
}
