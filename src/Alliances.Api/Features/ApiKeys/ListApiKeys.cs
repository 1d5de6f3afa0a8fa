using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.ApiKeys;

/// <summary><c>GET /v1/api-keys</c> (organizer): keys, oldest first (ids are time-ordered UUIDv7).</summary>
public static class ListApiKeys
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/api-keys", HandleAsync)
            .WithName("ListApiKeys")
            .WithSummary("List API keys")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery("limit", "cursor");

    public static async Task<Ok<Page<ApiKeyView>>> HandleAsync(PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = db.ApiKeys.AsQueryable();
        if (page.After is { } after)
        {
            query = query.Where(k => k.Id > after.Id);
        }

        var rows = await query.OrderBy(k => k.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ApiKeyView.From).ToList().ToPage(page, http, k => new Cursor("", k.Id)));
    }
}
