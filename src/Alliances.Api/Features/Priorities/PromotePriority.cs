using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>POST /v1/priorities/{id}/promote</c> (organizer): idea → active. The body is optional: <c>rank</c> puts it at that
/// place (1..n+1, the ones from there on move down one), otherwise it goes last; <c>reason</c> goes to the history.
/// </summary>
/// <remarks>
/// The limit holds under concurrency because the count of active priorities is taken only after the alliance's settings
/// row is locked (<see cref="PriorityLimit"/>): twenty promotes at once with one free slot queue on that lock, the first
/// takes the slot and commits, and the other nineteen count a full house and get 409 <c>priority-limit-reached</c>.
/// </remarks>
public static class PromotePriority
{
    public sealed record Request(int? Rank, string? Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Rank).GreaterThanOrEqualTo(1);
            RuleFor(r => r.Reason).MaximumLength(PriorityRules.MaxReasonLength);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/priorities/{id:guid}/promote", HandleAsync)
            .WithName("PromotePriority")
            .WithSummary("Promote an idea to an active priority")
            .WithDescription("At the alliance's limit of active priorities the answer is 409 priority-limit-reached, with the limit " +
                             "and the active priorities (id, title, rank) that would have to be achieved or dropped first.")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<PriorityView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] Request? request,
        ClaimsPrincipal user,
        AllianceDbContext db,
        IValidator<Request> validator,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (request is not null && await validator.ValidateAsync(request, cancellationToken) is { IsValid: false } invalid)
        {
            return ApiProblems.Validation(invalid.ToDictionary());
        }

        await using var locked = await PriorityTransitions.BeginAsync(db, id, cancellationToken);
        if (locked.Priority is not { } priority)
        {
            return PriorityProblems.NotFound();
        }

        if (PriorityTransitions.Refuse(priority.Status, PriorityAction.Promote) is { } refused)
        {
            return refused;
        }

        var active = await PriorityLimit.ActiveAsync(db, cancellationToken);
        if (active.Count >= locked.Settings.MaxActivePriorities)
        {
            return PriorityProblems.LimitReached(locked.Settings.MaxActivePriorities, active);
        }

        var last = active.Count + 1;
        var rank = request?.Rank ?? last;
        if (rank > last)
        {
            return PriorityProblems.RankOutOfRange(rank, last);
        }

        var now = PriorityTransitions.Now(clock);
        if (rank < last)
        {
            await PriorityRows.ShiftRanksAsync(db, rank, +1, now, cancellationToken);
        }

        priority.Rank = rank;
        return await PriorityTransitions.CompleteAsync(
            db, locked, PriorityStatus.Active, request?.Reason, user, now, http, afterSave: null, cancellationToken);
    }
}
