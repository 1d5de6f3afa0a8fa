using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>GET /v1/webhooks</c> (organizer), oldest first.</summary>
public static class ListWebhooks
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/webhooks", HandleAsync)
            .WithName("ListWebhooks")
            .WithSummary("List webhook subscriptions")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery("limit", "cursor");

    public static async Task<Ok<Page<WebhookView>>> HandleAsync(PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = db.Set<WebhookSubscription>().AsQueryable();
        if (page.After is { } after)
        {
            query = query.Where(s => s.Id > after.Id);
        }

        var rows = await query.OrderBy(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(WebhookView.From).ToList().ToPage(page, http, s => new Cursor("", s.Id)));
    }
}
