using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Alliance;

/// <summary>
/// <c>GET /v1/alliance</c> (public): the profile and settings of the alliance whose host this is, with an ETag;
/// <c>If-None-Match</c> with the current one gets 304. Name, region and time zone are read fresh from the catalog,
/// not from the cached tenant context, so a change shows here at once.
/// </summary>
public static class GetAlliance
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/alliance", HandleAsync)
            .WithName("GetAlliance")
            .WithSummary("Get this alliance's profile and settings")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<AllianceProfile>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        ITenantContextAccessor tenants, AppDataSource app, AllianceDbContext db, CanonicalUrls urls, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        var tenant = tenants.Required;
        var catalog = await CatalogProfile.ReadAsync(app.DataSource, tenant.AllianceId, cancellationToken);
        if (catalog is null)
        {
            return ApiProblems.NotFound("alliance");
        }

        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        var etag = AllianceProfile.ETagOf(tenant.AllianceId, catalog, settings);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(AllianceProfile.From(tenant, urls.Alliance(tenant.Subdomain), catalog, settings));
    }
}
