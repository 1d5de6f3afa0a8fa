using System.Security.Claims;
using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>PATCH /v1/spaces/{id}</c>: a JSON Merge Patch (RFC 7396), as <c>application/merge-patch+json</c> or plain
/// <c>application/json</c>. Organizers may patch any space; a space owner only the space its key is bound to (403
/// otherwise); integration keys are read-only (403). <c>If-Match</c> is optional; a stale one is 412. Emits
/// <c>space.updated</c> only when the patch changed something.
/// </summary>
public static class UpdateSpace
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPatch("/spaces/{id:guid}", HandleAsync)
            .WithName("UpdateSpace")
            .WithSummary("Change a space (JSON Merge Patch)")
            .WithDescription("The body is merged into the space's writable fields: a property replaces, an object merges, null removes. " +
                             "Arrays are replaced whole. The result must pass the same rules as a create. Send If-Match to avoid lost updates.")
            .RequireAuthorization(Policies.Member)
            .AcceptsMergePatch<SpaceWrite>()
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<SpaceView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] JsonElement patch,
        ClaimsPrincipal user,
        AllianceDbContext db,
        IValidator<SpaceWrite> validator,
        IOptions<JsonOptions> json,
        ITenantContextAccessor tenants,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(http);
        if (!user.IsOrganizer() && user.SpaceIdOf() != id)
        {
            return SpaceProblems.NotYourSpace();
        }

        var space = await db.Spaces.AsTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (space is null)
        {
            return SpaceProblems.NotFound();
        }

        if (EntityTags.IfMatchFails(http.Request, SpaceView.ETagOf(space)))
        {
            return SpaceProblems.Stale();
        }

        var write = JsonMergePatch.Apply(SpaceWrite.From(space), patch, json.Value.SerializerOptions);
        var validation = await validator.ValidateAsync(write, cancellationToken);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.ToDictionary());
        }

        var timeZone = write.TimeZone ?? tenants.Required.TimeZone;
        write.ApplyTo(space, tenants.Required.TimeZone, SpaceRules.DateIn(space.CreatedAt, timeZone));
        if (db.ChangeTracker.HasChanges())
        {
            // A patch that changes nothing keeps the version, so the client's ETag stays valid.
            space.Version++;
            space.UpdatedAt = clock.GetDatabaseNow();
            // Inside the branch, so a patch that changes nothing emits nothing; a 412 or 409 below rolls it back.
            db.AddEvent(WebhookEventTypes.SpaceUpdated, SpaceView.From(space), http);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return SpaceProblems.Stale();
            }
            catch (DbUpdateException exception) when (SpaceProblems.IsSlugTaken(exception))
            {
                return SpaceProblems.SlugTaken(space.Slug);
            }
        }

        http.Response.Headers.ETag = SpaceView.ETagOf(space);
        return TypedResults.Ok(SpaceView.From(space));
    }
}
