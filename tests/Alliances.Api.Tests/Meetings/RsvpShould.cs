using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

public sealed class RsvpShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WaitlistAYes_OnceTheMeetingIsFull_AndSaySoInTheAnswer()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 2);

        var first = await AnswerAsync(organizer, id, "Ada", "ada@example.org", "yes", HttpStatusCode.Created);
        var second = await AnswerAsync(organizer, id, "Bo", "bo@example.org", "yes", HttpStatusCode.Created);
        var third = await AnswerAsync(organizer, id, "Cy", "cy@example.org", "yes", HttpStatusCode.Created);
        var fourth = await AnswerAsync(organizer, id, "Di", "di@example.org", "yes", HttpStatusCode.Created);
        var maybe = await AnswerAsync(organizer, id, "Ed", "ed@example.org", "maybe", HttpStatusCode.Created);

        Assert.False(first.GetProperty("rsvp").GetProperty("waitlisted").GetBoolean());
        Assert.False(second.GetProperty("rsvp").GetProperty("waitlisted").GetBoolean());
        Assert.True(third.GetProperty("rsvp").GetProperty("waitlisted").GetBoolean());
        Assert.Equal(1, third.GetProperty("rsvp").GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(2, fourth.GetProperty("rsvp").GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("rsvp").GetProperty("waitlistPosition").ValueKind);
        Assert.False(maybe.GetProperty("rsvp").GetProperty("waitlisted").GetBoolean());
        var counts = maybe.GetProperty("counts");
        Assert.Equal((2, 0, 1, 2, 0), (counts.GetProperty("yes").GetInt32(), counts.GetProperty("no").GetInt32(),
            counts.GetProperty("maybe").GetInt32(), counts.GetProperty("waitlisted").GetInt32(), counts.GetProperty("seatsLeft").GetInt32()));
    }

    [Fact]
    public async Task CarryTheCountsETagInTheHeader_NotInTheBody()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 2);
        var receipt = await AnswerAsync(organizer, id, "Ada", "ada@example.org", "yes", HttpStatusCode.Created);

        using var response = await organizer.GetAsync($"/v1/meetings/{id}/rsvp-counts");
        var counts = await response.ReadJsonAsync();

        Assert.False(string.IsNullOrEmpty(response.Headers.ETag?.Tag));
        Assert.Equal(1, counts.GetProperty("yes").GetInt32());
        Assert.DoesNotContain(counts.EnumerateObject(), p => p.Name.Equals("eTag", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(receipt.GetProperty("counts").EnumerateObject(), p => p.Name.Equals("eTag", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task GiveTheFreedSeatToTheFirstOnTheWaitlist_WhenAYesChangesToNo()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 1);
        await AnswerAsync(organizer, id, "Seated", "seated@example.org", "yes", HttpStatusCode.Created);
        await AnswerAsync(organizer, id, "First in line", "first@example.org", "yes", HttpStatusCode.Created);
        await AnswerAsync(organizer, id, "Second in line", "second@example.org", "yes", HttpStatusCode.Created);

        var changed = await AnswerAsync(organizer, id, "Seated", "SEATED@example.org", "no", HttpStatusCode.OK);

        Assert.Equal("no", changed.GetProperty("rsvp").GetProperty("response").GetString());
        Assert.Equal(1, changed.GetProperty("counts").GetProperty("yes").GetInt32());
        Assert.Equal(1, changed.GetProperty("counts").GetProperty("waitlisted").GetInt32());
        var rsvps = (await organizer.ListAllAsync($"/v1/meetings/{id}/rsvps")).ToDictionary(r => r.GetProperty("email").GetString()!);
        Assert.False(rsvps["first@example.org"].GetProperty("waitlisted").GetBoolean());
        Assert.True(rsvps["second@example.org"].GetProperty("waitlisted").GetBoolean());
        Assert.Equal(1, rsvps["second@example.org"].GetProperty("waitlistPosition").GetInt32());

        // A waitlisted "yes" that drops out frees no seat: the seated one keeps it, the line shrinks.
        var dropped = await AnswerAsync(organizer, id, "Second in line", "second@example.org", "maybe", HttpStatusCode.OK);
        Assert.Equal((1, 0), (dropped.GetProperty("counts").GetProperty("yes").GetInt32(), dropped.GetProperty("counts").GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task UpdateTheExistingRsvp_WhenTheSameEmailAnswersAgain_WhateverItsCase()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 10);
        var created = await AnswerAsync(organizer, id, "Fay", "Fay@Example.org", "maybe", HttpStatusCode.Created);

        var updated = await AnswerAsync(organizer, id, "Fay Wong", " fay@example.ORG ", "yes", HttpStatusCode.OK);

        Assert.Equal(created.GetProperty("rsvp").GetProperty("id").GetGuid(), updated.GetProperty("rsvp").GetProperty("id").GetGuid());
        Assert.Equal("Fay Wong", updated.GetProperty("rsvp").GetProperty("name").GetString());
        Assert.Equal("fay@example.org", updated.GetProperty("rsvp").GetProperty("email").GetString());
        var all = await organizer.ListAllAsync($"/v1/meetings/{id}/rsvps");
        Assert.Single(all);
        Assert.Equal((1, 0), (updated.GetProperty("counts").GetProperty("yes").GetInt32(), updated.GetProperty("counts").GetProperty("maybe").GetInt32()));
    }

    [Fact]
    public async Task GiveExactlyTheRemainingSeats_ToConcurrentYesAnswers()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        const int capacity = 5;
        for (var round = 0; round < 3; round++)
        {
            var id = await MeetingWithCapacityAsync(organizer, capacity);
            for (var i = 0; i < capacity - 1; i++)
            {
                await AnswerAsync(organizer, id, $"Early {i}", $"early{i}@example.org", "yes", HttpStatusCode.Created);
            }

            // 16 people race for the last seat, each on its own connection.
            var racers = Enumerable.Range(0, 16).Select(async i =>
            {
                using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
                using var response = await client.RsvpAsync(id, $"Racer {i}", $"racer{i}@example.org", "yes");
                return await response.ReadJsonAsync(HttpStatusCode.Created);
            });
            var answers = await Task.WhenAll(racers);

            var seated = answers.Count(a => !a.GetProperty("rsvp").GetProperty("waitlisted").GetBoolean());
            Assert.Equal(1, seated);
            var positions = answers.Where(a => a.GetProperty("rsvp").GetProperty("waitlisted").GetBoolean())
                .Select(a => a.GetProperty("rsvp").GetProperty("waitlistPosition").GetInt32()).Order().ToList();
            Assert.Equal(Enumerable.Range(1, 15), positions);
            var counts = await organizer.CountsAsync(id);
            Assert.Equal(capacity, counts.GetProperty("yes").GetInt32());
            Assert.Equal(15, counts.GetProperty("waitlisted").GetInt32());
            Assert.Equal(0, counts.GetProperty("seatsLeft").GetInt32());
        }
    }

    [Fact]
    public async Task PromoteExactlyOnePerFreedSeat_WhenSeatedPeopleCancelConcurrently()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 3);
        for (var i = 0; i < 8; i++)
        {
            await AnswerAsync(organizer, id, $"P{i}", $"p{i}@example.org", "yes", HttpStatusCode.Created);
        }

        // The three seated (p0–p2) cancel at the same time as three newcomers say yes.
        var tasks = Enumerable.Range(0, 3).Select(i => organizer.RsvpAsync(id, $"P{i}", $"p{i}@example.org", "no"))
            .Concat(Enumerable.Range(0, 3).Select(i => organizer.RsvpAsync(id, $"New{i}", $"new{i}@example.org", "yes")));
        foreach (var response in await Task.WhenAll(tasks))
        {
            using (response)
            {
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        var rsvps = await organizer.ListAllAsync($"/v1/meetings/{id}/rsvps");
        var seated = rsvps.Where(r => r.GetProperty("response").GetString() == "yes" && !r.GetProperty("waitlisted").GetBoolean())
            .Select(r => r.GetProperty("email").GetString()).Order().ToList();
        Assert.Equal(["p3@example.org", "p4@example.org", "p5@example.org"], seated);
        Assert.Equal(5, rsvps.Count(r => r.GetProperty("waitlisted").GetBoolean()));
    }

    [Fact]
    public async Task SeatWaitlistedPeople_WhenTheCapacityIsRaised()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 1);
        for (var i = 0; i < 4; i++)
        {
            await AnswerAsync(organizer, id, $"P{i}", $"p{i}@example.org", "yes", HttpStatusCode.Created);
        }

        using (var patch = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["capacity"] = 3 }))
        {
            await patch.ReadJsonAsync();
        }

        var counts = await organizer.CountsAsync(id);
        Assert.Equal((3, 1), (counts.GetProperty("yes").GetInt32(), counts.GetProperty("waitlisted").GetInt32()));
        var waiting = (await organizer.ListAllAsync($"/v1/meetings/{id}/rsvps")).Single(r => r.GetProperty("waitlisted").GetBoolean());
        Assert.Equal("p3@example.org", waiting.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Refuse409_OnceTheMeetingHasEnded()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Last week", TimeSpan.FromDays(-7)));

        using var response = await organizer.RsvpAsync(id, "Too Late", "late@example.org", "yes");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "rsvps-closed");
    }

    [Fact]
    public async Task Refuse400_NamingEachInvalidField()
    {
        using var organizer = await OrganizerAsync();
        var id = await MeetingWithCapacityAsync(organizer, 3);

        using var response = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/rsvps",
            new JsonObject { ["name"] = "", ["email"] = "not an email", ["spaceId"] = Guid.Empty.ToString() });
        using var badResponse = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/rsvps",
            new JsonObject { ["name"] = "A", ["email"] = "a@example.org", ["response"] = "perhaps" });

        Assert.Equal(["email", "name", "response", "spaceId"],
            (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys.Order(StringComparer.Ordinal));
        Assert.Contains("response", (await badResponse.AssertProblemAsync(HttpStatusCode.BadRequest)).GetRawText(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> OrganizerAsync()
    {
        var alliance = await api.ClaimAsync();
        return api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
    }

    private static async Task<Guid> MeetingWithCapacityAsync(HttpClient organizer, int capacity)
    {
        var body = MeetingCalls.Body("Limited seats", TimeSpan.FromDays(7));
        body["capacity"] = capacity;
        return await organizer.CreateMeetingIdAsync(body);
    }

    private static async Task<JsonElement> AnswerAsync(HttpClient client, Guid id, string name, string email, string response, HttpStatusCode expected)
    {
        using var answer = await client.RsvpAsync(id, name, email, response);
        return await answer.ReadJsonAsync(expected);
    }
}
