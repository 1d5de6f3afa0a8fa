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
/// <c>POST /v1/priorities/{id}/drop</c> (organizer): idea or active → dropped, with a <c>reason</c> (required: a dropped
/// idea deserves an explanation to whoever proposed it). Dropping an active priority frees its slot, and the ones
/// ranked below it move up one. A dropped priority can be reopened as an idea.
/// </summary>
public static class DropPriority
{
    public sealed record Request(string? Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Reason).NotEmpty().WithMessage("reason is required: say why the priority is dropped.")
                .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("reason cannot be blank.")
                .MaximumLength(PriorityRules.MaxReasonLength);
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/priorities/{id:guid}/drop", HandleAsync)
            .WithName("DropPriority")
            .WithSummary("Drop an idea or an active priority, with a reason")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    // The body is declared optional so that a missing one gets the same answer as a missing reason: 400 naming reason.
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
        request ??= new Request(null);
        if (await validator.ValidateAsync(request, cancellationToken) is { IsValid: false } invalid)
        {
            return ApiProblems.Validation(invalid.ToDictionary());
        }

        await using var locked = await PriorityTransitions.BeginAsync(db, id, cancellationToken);
        if (locked.Priority is not { } priority)
        {
            return PriorityProblems.NotFound();
        }

        if (PriorityTransitions.Refuse(priority.Status, PriorityAction.Drop) is { } refused)
        {
            return refused;
        }

        var now = PriorityTransitions.Now(clock);
        var freed = priority.Rank;
        priority.Rank = null;
        return await PriorityTransitions.CompleteAsync(
            db, locked, PriorityStatus.Dropped, request.Reason, user, now, http,
            freed is { } rank ? () => PriorityRows.ShiftRanksAsync(db, rank + 1, -1, now, cancellationToken) : null, cancellationToken);
    }
}
