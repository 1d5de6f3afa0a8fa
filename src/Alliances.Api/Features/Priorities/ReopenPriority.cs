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
/// <c>POST /v1/priorities/{id}/reopen</c> (organizer): dropped → idea, keeping the votes it had. The body
/// (<c>{ "reason": "…" }</c>) is optional.
/// </summary>
public static class ReopenPriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/priorities/{id:guid}/reopen", HandleAsync)
            .WithName("ReopenPriority")
            .WithSummary("Reopen a dropped priority as an idea")
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

        if (PriorityTransitions.Refuse(priority.Status, PriorityAction.Reopen) is { } refused)
        {
            return refused;
        }

        return await PriorityTransitions.CompleteAsync(
            db, locked, PriorityStatus.Idea, request?.Reason, user, PriorityTransitions.Now(clock), http, afterSave: null, cancellationToken);
    }
}
