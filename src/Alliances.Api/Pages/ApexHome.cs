using Alliances.Api.Infrastructure;
using Alliances.Api.Pages.Slices;
using Alliances.Api.Platform.Alliances;
using Alliances.Tenancy.Database;

namespace Alliances.Api.Pages;

/// <summary>
/// <c>GET /</c> on the apex: the directory of active alliances, searchable by name and region (<c>?q=</c>, the same
/// search as <c>GET /v1/alliances?q=</c>), and what claiming a region gives, with the way to the claim form.
/// </summary>
public static class ApexHome
{
    public const int MaxListed = 100;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/", HandleAsync).WithName("ApexHomePage");

    public static async Task<IResult> HandleAsync(HttpContext http, AppDataSource app, CanonicalUrls urls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var text = http.Request.Query["q"].FirstOrDefault()?.Trim();
        string? q = null;
        string? error = null;
        if (!string.IsNullOrEmpty(text))
        {
            if (ListAlliances.SearchError(text) is { } problem)
            {
                error = problem;
            }
            else
            {
                q = text;
            }
        }

        var alliances = await ListAlliances.QueryAsync(app, urls, q, null, MaxListed, cancellationToken);
        var model = new ApexHomeModel(alliances, text, error);
        return await HtmlPage.RenderAsync(http, ApexHomeSlice.Create(model), status: error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
