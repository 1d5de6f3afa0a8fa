using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Pages.Slices;

namespace Alliances.Api.Pages;

/// <summary>
/// <c>GET /spaces/{slug}</c> on an alliance's host: a space's details, week of hours, plans, amenities, its SpaceAPI
/// document and the meetings it hosts. An unknown slug is a 404 page for browsers and problem+json for everyone else.
/// </summary>
public static class SpacePage
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/spaces/{slug}", HandleAsync).WithName("SpacePage");

    public static async Task<IResult> HandleAsync(string slug, AlliancePageData data, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(http);
        var profile = await data.ProfileAsync(cancellationToken);
        var space = slug.Length <= SpaceRules.MaxSlugLength ? await data.SpaceBySlugAsync(slug, cancellationToken) : null;
        if (profile is null || space is null)
        {
            return await NotFoundAsync(http, profile?.Name ?? "Alliance", "/", "space");
        }

        var meetings = await data.UpcomingMeetingsAsync(space.Id, [space], cancellationToken);
        var model = new SpacePageModel(profile, data.Summarize(space), PageText.WeekHours(space.OpeningHours), meetings);
        return await HtmlPage.RenderAsync(http, SpacePageSlice.Create(model));
    }

    /// <summary>A 404 that a person can read, or the API's problem for a client that did not ask for HTML.</summary>
    public static async Task<IResult> NotFoundAsync(HttpContext http, string siteName, string homeUrl, string what)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.Vary = "Accept";
        return HtmlPage.WantsHtml(http.Request)
            ? await HtmlPage.RenderAsync(http, NotFoundSlice.Create(new NotFoundModel(siteName, homeUrl, what)), status: StatusCodes.Status404NotFound)
            : ApiProblems.NotFound(what);
    }
}
