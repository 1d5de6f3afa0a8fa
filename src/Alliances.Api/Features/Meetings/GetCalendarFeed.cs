using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/calendar.ics</c> (public): a subscribable iCalendar feed of the alliance's meetings that end from 90
/// days ago on, cancelled ones included (as <c>STATUS:CANCELLED</c>, so subscribed calendars drop them), ordered by
/// start, at most <see cref="MaxEvents"/> events. An exception to the JSON conventions, documented here: the body is
/// <c>text/calendar</c>, as calendar apps expect, and it is one document, not a paginated list. The ETag is a hash of
/// the text; <c>If-None-Match</c> with it gets 304.
/// </summary>
public static class GetCalendarFeed
{
    public const int PastDays = 90;
    public const int MaxEvents = 2000;

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/calendar.ics", HandleAsync)
            .WithName("GetCalendarFeed")
            .WithSummary("Subscribe to the alliance's meetings (iCalendar feed)")
            .WithDescription("RFC 5545. Upcoming meetings and those that ended in the last 90 days; cancelled meetings stay in " +
                             "the feed with STATUS:CANCELLED. Each event has a stable UID and a SEQUENCE that grows with every change. " +
                             "Refresh hourly (REFRESH-INTERVAL, X-PUBLISHED-TTL); send If-None-Match to get 304 when nothing changed.")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces<string>(StatusCodes.Status200OK, MeetingCalendar.MediaType)
            .Produces(StatusCodes.Status304NotModified);

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> HandleAsync(
        AllianceDbContext db, ITenantContextAccessor tenants, CanonicalUrls urls, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        var since = clock.GetUtcNow().AddDays(-PastDays);
        var meetings = await db.Meetings
            .Where(m => m.EndsAt >= since)
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id)
            .Take(MaxEvents)
            .ToListAsync(cancellationToken);
        var tenant = tenants.Required;
        var text = MeetingCalendar.Render(
            $"{tenant.Name}: meetings", urls.Alliance(tenant.Subdomain), meetings, await HostsAsync(db, meetings, cancellationToken));
        var etag = MeetingCalendar.ETagOf(text);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Text(text, MeetingCalendar.ContentType);
    }

    /// <summary>The host spaces of <paramref name="meetings"/>, by id.</summary>
    public static async Task<Dictionary<Guid, Space>> HostsAsync(
        AllianceDbContext db, IReadOnlyList<Meeting> meetings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meetings);
        var ids = meetings.Where(m => m.HostSpaceId is not null).Select(m => m.HostSpaceId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Spaces.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
    }
}
