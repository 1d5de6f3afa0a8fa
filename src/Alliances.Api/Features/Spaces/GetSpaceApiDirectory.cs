using Alliances.Api.Data;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>GET /v1/spaceapi-directory.json</c> (public): every space of the alliance in the SpaceAPI directory shape,
/// <c>{ "&lt;space name&gt;": "&lt;endpoint url&gt;" }</c>. An exception to the list conventions, documented here: the
/// shape is fixed by SpaceAPI, so it is one unpaginated object (an alliance has dozens of spaces, not thousands). Names
/// are keys, so a second space with the same name is listed as "Name (slug)".
/// </summary>
public static class GetSpaceApiDirectory
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/spaceapi-directory.json", HandleAsync)
            .WithName("GetSpaceApiDirectory")
            .WithSummary("Get the alliance's spaces as a SpaceAPI directory")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces<Dictionary<string, string>>();

    public static async Task<JsonHttpResult<Dictionary<string, string>>> HandleAsync(
        AllianceDbContext db, ITenantContextAccessor tenants, CanonicalUrls urls, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        var spaces = await db.Spaces
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.Slug })
            .ToListAsync(cancellationToken);
        var alliance = urls.Alliance(tenants.Required.Subdomain);
        var directory = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var space in spaces)
        {
            var name = directory.ContainsKey(space.Name) ? $"{space.Name} ({space.Slug})" : space.Name;
            directory[name] = $"{alliance}/v1/spaces/{space.Id}/spaceapi.json";
        }

        http.Response.Headers.AccessControlAllowOrigin = "*";
        return TypedResults.Json(directory, SpaceApiDocument.JsonOptions);
    }
}
