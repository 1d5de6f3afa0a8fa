using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>POST /v1/spaces</c> (organizer): add a space. Required: <c>name</c>, <c>kind</c>, <c>status</c>. Without a <c>slug</c>
/// one is derived from the name (<see cref="SpaceSlugs"/>). The time zone defaults to the alliance's and <c>joinedAt</c>
/// to today there. Emits <c>space.created</c>.
/// </summary>
public static class CreateSpace
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/spaces", HandleAsync)
            .WithName("CreateSpace")
            .WithSummary("Add a space to the alliance")
            .RequireAuthorization(Policies.Organizer)
            .Validates<SpaceWrite>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Created<SpaceView>, ProblemHttpResult>> HandleAsync(
        SpaceWrite request, AllianceDbContext db, ITenantContextAccessor tenants, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var now = clock.GetDatabaseNow();
        var allianceTimeZone = tenants.Required.TimeZone;
        // A derived slug can lose a race to a concurrent create of the same name; it then moves on to the next free one
        // instead of answering 409 for a slug the client never chose.
        for (var attempt = 1; ; attempt++)
        {
            var slug = request.Slug ?? await SpaceSlugs.UniqueAsync(db, request.Name!, cancellationToken);
            var space = new Space { Id = Guid.CreateVersion7(), Name = "", Slug = "", TimeZone = allianceTimeZone, CreatedAt = now, UpdatedAt = now, Version = 1 };
            (request with { Slug = slug }).ApplyTo(space, allianceTimeZone, SpaceRules.DateIn(now, request.TimeZone ?? allianceTimeZone));
            db.Spaces.Add(space);
            // Staged with the space: the same SaveChanges writes both, so a taken slug (409) leaves neither.
            db.AddEvent(WebhookEventTypes.SpaceCreated, SpaceView.From(space), http);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (SpaceProblems.IsSlugTaken(exception))
            {
                if (request.Slug is not null || attempt == 3)
                {
                    return SpaceProblems.SlugTaken(space.Slug);
                }

                db.ChangeTracker.Clear();
                continue;
            }

            http.Response.Headers.ETag = SpaceView.ETagOf(space);
            return TypedResults.Created($"/v1/spaces/{space.Id}", SpaceView.From(space));
        }
    }
}
