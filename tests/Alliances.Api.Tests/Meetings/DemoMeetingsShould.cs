using System.Text.Json;
using Alliances.Api.Platform.Demo;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Alliances.Api.Tests.Meetings;

/// <summary>The demo alliance <c>seattle</c> meets on the second Tuesday, 18:00–20:00, moving between its open spaces.</summary>
public sealed class DemoMeetingsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task SeedSeattle_WithAMonthlySeries_OnePastMeetingWithMinutes_AndOneCancelledMeeting()
    {
        // The seeder runs only in Development; the test host is not, so it is built here as Development would build it.
        var seeder = new DemoAllianceSeeder(
            new HostingEnvironment { EnvironmentName = Environments.Development },
            api.Services.GetRequiredService<IAllianceCatalogStore>(),
            api.Services.GetRequiredService<AllianceProvisioner>(),
            api.Services.GetRequiredService<TenantScopeFactory>(),
            new ConfigurationBuilder().Build());
        await seeder.SeedAsync(CancellationToken.None);
        using var anonymous = api.Alliance(DemoAllianceSeeder.Subdomain);
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById(MeetingCalls.LosAngeles);

        var series = Assert.Single(await anonymous.ListAllAsync("/v1/meeting-series"));
        Assert.Equal("FREQ=MONTHLY;COUNT=12;BYDAY=2TU", series.GetProperty("rrule").GetString());
        Assert.Equal(("18:00", 120), (series.GetProperty("startTime").GetString(), series.GetProperty("durationMinutes").GetInt32()));
        var openSpaces = (await anonymous.ListAllAsync("/v1/spaces?status=open")).Select(s => s.GetProperty("id").GetGuid()).ToHashSet();
        var rotation = series.GetProperty("hostSpaceIds").EnumerateArray().Select(h => h.GetGuid()).ToList();
        Assert.True(rotation.Count >= 2 && rotation.ToHashSet().SetEquals(openSpaces), "The series should rotate through every open space.");

        var meetings = await anonymous.ListAllAsync($"/v1/meetings?seriesId={series.GetProperty("id").GetGuid()}");
        Assert.Equal(12, meetings.Count);
        foreach (var meeting in meetings)
        {
            var start = TimeZoneInfo.ConvertTime(meeting.GetProperty("startsAt").GetDateTimeOffset(), losAngeles).DateTime;
            var end = TimeZoneInfo.ConvertTime(meeting.GetProperty("endsAt").GetDateTimeOffset(), losAngeles).DateTime;
            Assert.Equal(DayOfWeek.Tuesday, start.DayOfWeek);
            Assert.InRange(start.Day, 8, 14);
            Assert.Equal((new TimeOnly(18, 0), new TimeOnly(20, 0)), (TimeOnly.FromDateTime(start), TimeOnly.FromDateTime(end)));
        }

        Assert.All(meetings.Zip(meetings.Skip(1)), pair =>
            Assert.NotEqual(pair.First.GetProperty("hostSpaceId").GetGuid(), pair.Second.GetProperty("hostSpaceId").GetGuid()));

        var held = Assert.Single(meetings, m => m.GetProperty("status").GetString() == "held");
        Assert.True(held.GetProperty("endsAt").GetDateTimeOffset() < DateTimeOffset.UtcNow);
        Assert.Equal(held.GetProperty("id").GetGuid(), meetings[0].GetProperty("id").GetGuid());
        using var minutesResponse = await anonymous.GetAsync($"/v1/meetings/{held.GetProperty("id").GetGuid()}/minutes");
        var minutes = await minutesResponse.ReadJsonAsync();
        Assert.False(string.IsNullOrWhiteSpace(minutes.GetProperty("markdown").GetString()));
        Assert.NotEmpty(minutes.GetProperty("decisions").EnumerateArray());

        var cancelled = Assert.Single(meetings, m => m.GetProperty("status").GetString() == "cancelled");
        Assert.True(cancelled.GetProperty("startsAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Equal(JsonValueKind.String, cancelled.GetProperty("cancellationReason").ValueKind);
        var file = await anonymous.GetStringAsync($"/v1/meetings/{cancelled.GetProperty("id").GetGuid()}.ics");
        Assert.Contains("STATUS:CANCELLED", file, StringComparison.Ordinal);
    }
}
