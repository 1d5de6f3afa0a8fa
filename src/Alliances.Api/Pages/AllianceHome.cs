using Alliances.Api.Features.Priorities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Pages.Slices;

namespace Alliances.Api.Pages;

/// <summary>
/// <c>GET /</c> on an alliance's host: who the alliance is, its member spaces (open now, today's hours, prices), its next
/// meetings with seats left, calendar subscriptions, and its current priorities with recent decisions. There is no RSVP
/// form: the API has no anonymous RSVP route yet (RSVPs need a member key), so the page links the calendar instead.
/// </summary>
public static class AllianceHome
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/", HandleAsync).WithName("AllianceHomePage");

    public static async Task<IResult> HandleAsync(AlliancePageData data, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var profile = await data.ProfileAsync(cancellationToken);
        if (profile is null)
        {
            return Results.NotFound();
        }

        var spaces = await data.SpacesAsync(new SpaceFilter(null, null, null, [], null, null), cancellationToken);
        var meetings = await data.UpcomingMeetingsAsync(null, spaces, cancellationToken);
        var priorities = (await data.ActivePrioritiesAsync(cancellationToken)).Select(PriorityView.From).ToList();
        var decisions = await data.RecentDecisionsAsync(5, cancellationToken);
        var calendar = data.AllianceUrl + "/v1/calendar.ics";
        var webcal = "webcal://" + calendar[(calendar.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var model = new AllianceHomeModel(profile, [.. spaces.Select(data.Summarize)], meetings, priorities, decisions, calendar, webcal);
        return await HtmlPage.RenderAsync(http, AllianceHomeSlice.Create(model));
    }
}
