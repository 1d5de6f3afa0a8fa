using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Alliance;
using Alliances.Api.Features.Meetings;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Pages;

/// <summary>
/// The reads behind an alliance's pages. Each goes through what the API's own handlers use (the catalog profile,
/// <see cref="SpaceFilter"/>, <see cref="MeetingFilter"/>, <see cref="RsvpCounts"/>, the API views), so a page can
/// never show something the API would not.
/// </summary>
public sealed class AlliancePageData(
    ITenantContextAccessor tenants, AppDataSource app, AllianceDbContext db, CanonicalUrls urls, TimeProvider clock)
{
    public const int MaxSpaces = 200;
    public const int MaxMeetings = 5;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public string AllianceUrl => urls.Alliance(tenants.Required.Subdomain);

    /// <summary>The profile as <c>GET /v1/alliance</c> shows it; null if the catalog row went away mid-request.</summary>
    public async Task<AllianceProfile?> ProfileAsync(CancellationToken cancellationToken)
    {
        var tenant = tenants.Required;
        var catalog = await CatalogProfile.ReadAsync(app.DataSource, tenant.AllianceId, cancellationToken);
        if (catalog is null)
        {
            return null;
        }

        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        return AllianceProfile.From(tenant, AllianceUrl, catalog, settings);
    }

    /// <summary>Spaces as <c>GET /v1/spaces</c> lists them (by name, then id), optionally filtered.</summary>
    public async Task<IReadOnlyList<Space>> SpacesAsync(SpaceFilter filter, CancellationToken cancellationToken) =>
        await filter.Apply(db.Spaces, SpaceHours.OpenAt(db, Now)).OrderBy(s => s.Name).ThenBy(s => s.Id).Take(MaxSpaces).ToListAsync(cancellationToken);

    public Task<Space?> SpaceBySlugAsync(string slug, CancellationToken cancellationToken) =>
        db.Spaces.FirstOrDefaultAsync(s => s.Slug == slug, cancellationToken);

    public SpaceSummary Summarize(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var view = SpaceView.From(space);
        return new SpaceSummary(view, SpaceHours.IsOpenAt(space, Now), PageText.TodaysHours(view, Now), PageText.PriceRange(view.MembershipPlans),
            "/spaces/" + Uri.EscapeDataString(space.Slug), $"/v1/spaces/{space.Id}/spaceapi.json");
    }

    /// <summary>Scheduled meetings that have not ended, as <c>GET /v1/meetings?from=…&amp;status=scheduled</c> would list them.</summary>
    public async Task<IReadOnlyList<MeetingSummary>> UpcomingMeetingsAsync(Guid? hostSpaceId, IReadOnlyList<Space> spaces, CancellationToken cancellationToken)
    {
        var filter = new MeetingFilter(null, null, MeetingStatus.Scheduled, hostSpaceId, null);
        var now = Now;
        var meetings = await filter.Apply(db.Meetings).Where(m => m.EndsAt > now)
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id).Take(MaxMeetings).ToListAsync(cancellationToken);
        var summaries = new List<MeetingSummary>(meetings.Count);
        foreach (var meeting in meetings)
        {
            var host = spaces.FirstOrDefault(s => s.Id == meeting.HostSpaceId);
            summaries.Add(new MeetingSummary(MeetingView.From(meeting), await RsvpCounts.ForAsync(db, meeting, cancellationToken),
                PageText.When(MeetingView.From(meeting)), host?.Name, host is null ? null : "/spaces/" + Uri.EscapeDataString(host.Slug)));
        }

        return summaries;
    }

    /// <summary>Decisions from the latest minutes, newest meeting first, as <c>GET /v1/meetings/{id}/minutes</c> shows them.</summary>
    public async Task<IReadOnlyList<DecisionSummary>> RecentDecisionsAsync(int count, CancellationToken cancellationToken)
    {
        var recent = await db.MeetingMinutes
            .Join(db.Meetings, minutes => minutes.MeetingId, meeting => meeting.Id, (minutes, meeting) => new { minutes, meeting })
            .OrderByDescending(x => x.meeting.StartsAt).ThenBy(x => x.meeting.Id)
            .Take(3)
            .ToListAsync(cancellationToken);
        return [.. recent
            .SelectMany(x => MinutesView.From(x.meeting.Id, x.minutes).Decisions.Select(d => new DecisionSummary(
                d.Text, x.meeting.Title, DateOnly.FromDateTime(SpaceHours.LocalTime(x.meeting.TimeZone, x.meeting.StartsAt)))))
            .Take(count)];
    }

    public Task<List<Data.Entities.Priority>> ActivePrioritiesAsync(CancellationToken cancellationToken) =>
        new Features.Priorities.PriorityFilter(PriorityStatus.Active, null, Features.Priorities.PrioritySort.Rank)
            .Apply(db.Priorities).OrderBy(p => p.Rank).ThenBy(p => p.Id).ToListAsync(cancellationToken);
}
