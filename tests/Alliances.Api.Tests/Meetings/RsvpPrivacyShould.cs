using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

/// <summary>Who may see and write RSVPs: counts for everyone, names and emails for organizers only.</summary>
public sealed class RsvpPrivacyShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Email = "private.person@example.org";

    [Fact]
    public async Task ShowCountsOnly_ToAnonymousReadersIntegrationsAndSpaceOwners()
    {
        var world = await WorldAsync();

        foreach (var (who, client) in new[] { ("anonymous", world.Anonymous), ("integration", world.Integration), ("space owner", world.Owner) })
        {
            var counts = await client.CountsAsync(world.MeetingId);
            Assert.Equal(1, counts.GetProperty("yes").GetInt32());
            string[] readable =
            [
                $"/v1/meetings/{world.MeetingId}", $"/v1/meetings/{world.MeetingId}/rsvp-counts", "/v1/meetings", "/v1/calendar.ics",
                $"/v1/meetings/{world.MeetingId}.ics",
            ];
            foreach (var path in readable)
            {
                using var response = await client.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{who} GET {path}: {(int)response.StatusCode} {text}");
                Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Private Person", text, StringComparison.Ordinal);
            }
        }

        using var anonymousList = await world.Anonymous.GetAsync($"/v1/meetings/{world.MeetingId}/rsvps");
        using var integrationList = await world.Integration.GetAsync($"/v1/meetings/{world.MeetingId}/rsvps");
        using var ownerList = await world.Owner.GetAsync($"/v1/meetings/{world.MeetingId}/rsvps");
        using var anonymousAttendance = await world.Anonymous.GetAsync($"/v1/meetings/{world.MeetingId}/attendance");
        using var integrationAttendance = await world.Integration.GetAsync($"/v1/meetings/{world.MeetingId}/attendance");
        await anonymousList.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await integrationList.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await ownerList.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await anonymousAttendance.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await integrationAttendance.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ShowNamesAndEmails_ToOrganizers()
    {
        var world = await WorldAsync();

        var rsvps = await world.Organizer.ListAllAsync($"/v1/meetings/{world.MeetingId}/rsvps");

        var rsvp = Assert.Single(rsvps);
        Assert.Equal("Private Person", rsvp.GetProperty("name").GetString());
        Assert.Equal(Email, rsvp.GetProperty("email").GetString());
        Assert.Equal("yes", rsvp.GetProperty("response").GetString());
    }

    [Fact]
    public async Task LetMembersRsvp_ButNotIntegrationsOrAnonymousCallers()
    {
        var world = await WorldAsync();

        using var integration = await world.Integration.RsvpAsync(world.MeetingId, "Bot", "bot@example.org", "yes");
        using var anonymous = await world.Anonymous.RsvpAsync(world.MeetingId, "Nobody", "nobody@example.org", "yes");
        using var owner = await world.Owner.RsvpAsync(world.MeetingId, "Owner's member", "member@example.org", "yes");

        await integration.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var receipt = await owner.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(world.SpaceId, receipt.GetProperty("rsvp").GetProperty("spaceId").GetGuid());
        Assert.Equal(2, (await world.Anonymous.CountsAsync(world.MeetingId)).GetProperty("yes").GetInt32());
    }

    [Fact]
    public async Task LetASpaceOwnerAnswerOnlyForItsOwnSpace()
    {
        var world = await WorldAsync();
        var otherSpace = (await world.Organizer.CreateSpaceAsync("Other Space")).GetProperty("id").GetGuid();

        using var forOtherSpace = await world.Owner.RsvpAsync(world.MeetingId, "Someone", "someone@example.org", "yes", otherSpace);
        using var overwriting = await world.Owner.RsvpAsync(world.MeetingId, "Hijack", Email, "no");

        await forOtherSpace.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await overwriting.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var rsvp = Assert.Single(await world.Organizer.ListAllAsync($"/v1/meetings/{world.MeetingId}/rsvps"));
        Assert.Equal(("Private Person", "yes"), (rsvp.GetProperty("name").GetString(), rsvp.GetProperty("response").GetString()));
    }

    [Fact]
    public async Task Refuse422_ForASpaceOfAnotherAlliance_InAnOrganizersRsvp()
    {
        var world = await WorldAsync();
        var other = await api.ClaimAsync();
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var foreignSpace = (await otherOrganizer.CreateSpaceAsync("Foreign")).GetProperty("id").GetGuid();

        using var response = await world.Organizer.RsvpAsync(world.MeetingId, "Visitor", "visitor@example.org", "yes", foreignSpace);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-space");
        Assert.True(problem.GetProperty("errors").TryGetProperty("spaceId", out _));
    }

    [Fact]
    public async Task Refuse422_ForASpaceOwnerKeyWhoseSpaceIsNotOfThisAlliance_AndStoreNothing()
    {
        // Keys made before key creation checked their space can name another alliance's space or a made-up id; such a
        // key is written here directly, as the API now refuses to create one.
        var world = await WorldAsync();
        var other = await api.ClaimAsync();
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var foreignSpace = (await otherOrganizer.CreateSpaceAsync("Foreign")).GetProperty("id").GetGuid();
        var schema = await Alliances.Api.Tests.ApiKeys.AllianceSchema.OfAsync(api.Database, world.Subdomain);

        foreach (var spaceId in new[] { foreignSpace, Guid.CreateVersion7() })
        {
            var secret = Alliances.Api.Features.ApiKeys.ApiKeySecret.Generate();
            await using (var connection = await schema.OpenOwnerAsync())
            await using (var insert = new Npgsql.NpgsqlCommand(
                $"INSERT INTO {schema.Quoted}.api_keys (id, name, role, space_id, hash, prefix, created_at, updated_at) " +
                "VALUES ($1, 'legacy', 'space_owner', $2, $3, $4, now(), now())", connection)
            {
                Parameters = { new() { Value = Guid.CreateVersion7() }, new() { Value = spaceId }, new() { Value = secret.Hash }, new() { Value = secret.DisplayPrefix } },
            })
            {
                await insert.ExecuteNonQueryAsync();
            }

            using var legacy = api.Alliance(world.Subdomain, secret.Text);
            using var response = await legacy.RsvpAsync(world.MeetingId, "Legacy Owner", "legacy@example.org", "yes");

            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-space");
            Assert.True(problem.GetProperty("errors").TryGetProperty("spaceId", out _));
        }

        var rsvp = Assert.Single(await world.Organizer.ListAllAsync($"/v1/meetings/{world.MeetingId}/rsvps"));
        Assert.Equal(Email, rsvp.GetProperty("email").GetString());
    }

    private async Task<World> WorldAsync()
    {
        var alliance = await api.ClaimAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var spaceId = (await organizer.CreateSpaceAsync("Owner's Space")).GetProperty("id").GetGuid();
        var owner = api.Alliance(alliance.Subdomain, await organizer.CreateKeyAsync("space_owner", spaceId));
        var integration = api.Alliance(alliance.Subdomain, await organizer.CreateKeyAsync("integration"));
        var meetingId = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Private RSVPs", TimeSpan.FromDays(3)));
        using (var rsvp = await organizer.RsvpAsync(meetingId, "Private Person", Email, "yes"))
        {
            await rsvp.ReadJsonAsync(HttpStatusCode.Created);
        }

        return new World(alliance.Subdomain, organizer, owner, integration, api.Alliance(alliance.Subdomain), spaceId, meetingId);
    }

    private sealed record World(string Subdomain, HttpClient Organizer, HttpClient Owner, HttpClient Integration, HttpClient Anonymous, Guid SpaceId, Guid MeetingId);
}
