using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>PUT /v1/priorities/order</c> (organizer): <c>{ "ids": [...] }</c> is every active priority, once each, most
/// important first; they get ranks 1..n in that order, all at once or not at all. A list that is not exactly the set of
/// active priorities is 422 <c>priority-order-mismatch</c>, naming the ids that are missing, extra or repeated. Answers
/// with the active priorities in their new order.
/// </summary>
/// <remarks>
/// An exception to "PUT accepts If-Match", documented here: the order is not a resource with an ETag of its own. The
/// exact-set rule does that job: a client whose view of which priorities are active is out of date gets a 422 rather
/// than overwriting a change it has not seen. The check and the update run under the settings-row lock that promote,
/// achieve and drop take (<see cref="PriorityLimit"/>), so the set cannot change between them.
/// </remarks>
public static class ReorderPriorities
{
    public sealed record Request(IReadOnlyList<Guid>? Ids);

    public sealed record Response(IReadOnlyList<PriorityView> Items);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Ids).NotNull().WithMessage("ids is required: every active priority's id, most important first.")
                .Must(ids => ids is null || ids.Count <= PriorityRules.MaxOrderIds)
                .WithMessage($"ids has at most {PriorityRules.MaxOrderIds} entries: no alliance has more active priorities.");
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPut("/priorities/order", HandleAsync)
            .WithName("ReorderPriorities")
            .WithSummary("Set the order of the active priorities")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        Request request, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.Ids!;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await PriorityLimit.LockSettingsAsync(db, cancellationToken);
        var active = await db.Priorities.AsTracking()
            .Where(p => p.Status == PriorityStatus.Active)
            .OrderBy(p => p.Rank)
            .ToListAsync(cancellationToken);
        var activeIds = active.Select(p => p.Id).ToHashSet();
        var missing = active.Select(p => p.Id).Where(id => !ids.Contains(id)).ToList();
        var extra = ids.Where(id => !activeIds.Contains(id)).Distinct().ToList();
        var duplicated = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count > 0 || extra.Count > 0 || duplicated.Count > 0)
        {
            return PriorityProblems.OrderMismatch(missing, extra, duplicated);
        }

        var now = PriorityTransitions.Now(clock);
        var byId = active.ToDictionary(p => p.Id);
        var changed = false;
        for (var i = 0; i < ids.Count; i++)
        {
            var priority = byId[ids[i]];
            if (priority.Rank != i + 1)
            {
                priority.Rank = i + 1;
                priority.UpdatedAt = now;
                priority.Version++;
                changed = true;
            }
        }

        if (changed)
        {
            // EF writes each row in its own UPDATE. Two priorities that swap ranks collide after the first of them, so
            // the unique constraint on rank is deferred to the commit, where it still holds the result to one rank each.
            await db.Database.ExecuteSqlRawAsync("SET CONSTRAINTS uq_priorities_rank DEFERRED", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new Response([.. ids.Select(id => PriorityView.From(byId[id]))]));
    }
}
