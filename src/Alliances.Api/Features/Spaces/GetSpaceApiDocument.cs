using Alliances.Api.Data;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>GET /v1/spaces/{id}/spaceapi.json</c> (public): the space as a SpaceAPI v15 document. URLs in it are built from
/// the alliance's canonical host. Served with <c>Access-Control-Allow-Origin: *</c>, as SpaceAPI clients are often
/// web pages on other origins, and the document is public anyway.
/// </summary>
public static class GetSpaceApiDocument
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/spaces/{id:guid}/spaceapi.json", HandleAsync)
            .WithName("GetSpaceApiDocument")
            .WithSummary("Get a space as a SpaceAPI v15 document")
            .WithDescription("A space without logoUrl gets the platform's generic logo, " + SpaceApiDocument.DefaultLogoPath +
                             " on the platform host; without website, url is the space's page in this API.")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces<SpaceApiDocument>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<JsonHttpResult<SpaceApiDocument>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, ITenantContextAccessor tenants, CanonicalUrls urls, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        var space = await db.Spaces.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (space is null)
        {
            return SpaceProblems.NotFound();
        }

        // The state follows the clock, so it is part of the tag: a cached "open" stops matching at closing time.
        var now = clock.GetUtcNow();
        var state = SpaceApiDocument.StateOf(space, now);
        var etag = $"\"spaceapi-{space.Id:N}-{space.Version}-{(state is null ? "n" : state.Open ? "o" : "c")}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.AccessControlAllowOrigin = "*";
        if (EntityTags.IfNoneMatchHits(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var document = SpaceApiDocument.From(space, urls.Alliance(tenants.Required.Subdomain), urls.Platform(), now);
        return TypedResults.Json(document, SpaceApiDocument.JsonOptions);
    }
}
