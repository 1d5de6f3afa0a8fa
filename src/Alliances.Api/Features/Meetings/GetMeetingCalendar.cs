using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/meetings/{id}.ics</c> (public): one meeting as an iCalendar file to download ("add to my calendar"),
/// with the same UID and SEQUENCE as in the feed, so importing it and subscribing to the feed give one event, not two.
/// The route is <c>{id:guid}.ics</c>: the guid constraint keeps it apart from <c>/v1/meetings/{id}</c>.
/// </summary>
public static class GetMeetingCalendar
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings/{id:guid}.ics", HandleAsync)
            .WithName("GetMeetingCalendar")
            .WithSummary("Download a meeting as an iCalendar file")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces<string>(StatusCodes.Status200OK, MeetingCalendar.MediaType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, ITenantContextAccessor tenants, CanonicalUrls urls, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.NotFound();
        }

        var tenant = tenants.Required;
        var text = MeetingCalendar.Render(
            meeting.Title, urls.Alliance(tenant.Subdomain), [meeting], await GetCalendarFeed.HostsAsync(db, [meeting], cancellationToken));
        var etag = MeetingCalendar.ETagOf(text);
        http.Response.Headers.ETag = etag;
        if (EntityTags.IfNoneMatchHits(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"meeting-{meeting.Id}.ics\"";
        return TypedResults.Text(text, MeetingCalendar.ContentType);
    }
}
