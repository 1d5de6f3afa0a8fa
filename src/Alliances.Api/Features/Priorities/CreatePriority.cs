using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>POST /v1/priorities</c> (organizers and space owners): propose an idea. Every priority starts as an idea; the
/// proposal is the first entry of its history, and <c>proposedBy</c> is the calling key. Required: <c>title</c>,
/// <c>area</c>. An owner's <c>spaceId</c> must be a space of this alliance (422 otherwise). Emits <c>priority.proposed</c>.
/// </summary>
public static class CreatePriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/priorities", HandleAsync)
            .WithName("CreatePriority")
            .WithSummary("Propose an idea")
            .RequireAuthorization(Policies.Member)
            .Validates<PriorityWrite>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<PriorityView>, ProblemHttpResult>> HandleAsync(
        PriorityWrite request, ClaimsPrincipal user, AllianceDbContext db, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        if (request.Owner?.SpaceId is { } spaceId && !await db.Spaces.AnyAsync(s => s.Id == spaceId, cancellationToken))
        {
            return PriorityProblems.UnknownSpace();
        }

        var proposer = await CallingKey.ResolveAsync(user, db, cancellationToken);
        var now = SpaceRules.Now(clock);
        var priority = new Priority
        {
            Id = Guid.CreateVersion7(),
            Title = "",
            Status = PriorityStatus.Idea,
            ProposedByKeyId = proposer.KeyId,
            ProposedByName = proposer.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        request.ApplyTo(priority);
        db.Priorities.Add(priority);
        db.PriorityHistory.Add(PriorityHistory.Entry(priority.Id, null, PriorityStatus.Idea, null, proposer, now));
        db.AddEvent(WebhookEventTypes.PriorityProposed, PriorityView.From(priority), http);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = PriorityView.ETagOf(priority);
        return TypedResults.Created($"/v1/priorities/{priority.Id}", PriorityView.From(priority));
    }
}
