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
/// <c>POST /v1/priorities/{id}/achieve</c> (organizer): active → achieved, which frees a slot. The priorities ranked
/// below it move up one, so the ranks stay 1..n. The body (<c>{ "reason": "…" }</c>) is optional. Achieved is final.
/// </summary>
public static class AchievePriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/priorities/{id:guid}/achieve", HandleAsync)
            .WithName("AchievePriority")
            .WithSummary("Mark an active priority achieved")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<PriorityView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] PriorityTransitions.Note? request,
        ClaimsPrincipal user,
        AllianceDbContext db,
        IValidator<PriorityTransitions.Note> validator,
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

        if (PriorityTransitions.Refuse(priority.Status, PriorityAction.Achieve) is { } refused)
        {
            return refused;
        }

        var now = PriorityTransitions.Now(clock);
        var freed = priority.Rank!.Value;
        priority.Rank = null;
        priority.AchievedAt = now;
        return await PriorityTransitions.CompleteAsync(
            db, locked, PriorityStatus.Achieved, request?.Reason, user, now, http,
            () => PriorityRows.ShiftRanksAsync(db, freed + 1, -1, now, cancellationToken), cancellationToken);
    }
}
