using System.Security.Claims;
using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>PATCH /v1/priorities/{id}</c>: a JSON Merge Patch (RFC 7396) of the text fields (title, description, area, owner,
/// targetDate, progressNotes), as <c>application/merge-patch+json</c> or plain <c>application/json</c>. An organizer may
/// patch any priority; a space owner only one its key proposed (403 otherwise); integration keys are read-only (403).
/// <c>status</c> and <c>rank</c> are not fields a patch can write (400 naming them): they change through the actions.
/// <c>If-Match</c> is optional; a stale one is 412.
/// </summary>
public static class UpdatePriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPatch("/priorities/{id:guid}", HandleAsync)
            .WithName("UpdatePriority")
            .WithSummary("Change a priority's text (JSON Merge Patch)")
            .WithDescription("The body is merged into the priority's writable fields: a property replaces, an object merges, null removes. " +
                             "The result must pass the same rules as a create. Send If-Match to avoid lost updates.")
            .RequireAuthorization(Policies.Member)
            .AcceptsMergePatch<PriorityWrite>()
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<PriorityView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] JsonElement patch,
        ClaimsPrincipal user,
        AllianceDbContext db,
        IValidator<PriorityWrite> validator,
        IOptions<JsonOptions> json,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(http);
        // Locked for the rest of the request, so the If-Match check and the write see the same row: no transition or
        // vote can commit in between.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var priority = await PriorityRows.LockAsync(db, id, cancellationToken);
        if (priority is null)
        {
            return PriorityProblems.NotFound();
        }

        if (!user.IsOrganizer() && user.KeyIdOf() != priority.ProposedByKeyId)
        {
            return PriorityProblems.NotYourProposal();
        }

        if (EntityTags.IfMatchFails(http.Request, PriorityView.ETagOf(priority)))
        {
            return PriorityProblems.Stale();
        }

        var write = JsonMergePatch.Apply(PriorityWrite.From(priority), patch, json.Value.SerializerOptions);
        var validation = await validator.ValidateAsync(write, cancellationToken);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.ToDictionary());
        }

        var spaceBefore = priority.OwnerSpaceId;
        write.ApplyTo(priority);
        if (priority.OwnerSpaceId is { } spaceId && spaceId != spaceBefore && !await db.Spaces.AnyAsync(s => s.Id == spaceId, cancellationToken))
        {
            return PriorityProblems.UnknownSpace();
        }

        if (db.ChangeTracker.HasChanges())
        {
            // A patch that changes nothing keeps the version, so the client's ETag stays valid.
            priority.Version++;
            priority.UpdatedAt = PriorityTransitions.Now(clock);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = PriorityView.ETagOf(priority);
        return TypedResults.Ok(PriorityView.From(priority));
    }
}
