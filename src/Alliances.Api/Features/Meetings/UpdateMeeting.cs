using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
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

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>PATCH /v1/meetings/{id}</c> (organizer): a JSON Merge Patch (RFC 7396) of the meeting's writable fields, as
/// <c>application/merge-patch+json</c> or plain <c>application/json</c>. <c>If-Match</c> is optional; a stale one is 412.
/// A change bumps <c>sequence</c>; on an occurrence of a series it also marks the meeting as edited individually, so
/// later series edits leave it alone. Raising the capacity seats waitlisted people at once, in the same transaction.
/// A change emits <c>meeting.updated</c> (and <c>rsvp.promoted_from_waitlist</c> per seated person); a patch that
/// changes nothing emits nothing.
/// </summary>
public static class UpdateMeeting
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPatch("/meetings/{id:guid}", HandleAsync)
            .WithName("UpdateMeeting")
            .WithSummary("Change a meeting (JSON Merge Patch)")
            .WithDescription("The body is merged into the meeting's writable fields: a property replaces, null removes (agenda: null " +
                             "puts the alliance's default format back). The result must pass the same rules as a create, including " +
                             "that the agenda fits. status changes only through the cancel action and by recording minutes.")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsMergePatch<MeetingWrite>()
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<MeetingView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] JsonElement patch,
        AllianceDbContext db,
        IValidator<MeetingWrite> validator,
        IOptions<JsonOptions> json,
        ITenantContextAccessor tenants,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(http);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var meeting = await MeetingLocks.LockAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.NotFound();
        }

        if (EntityTags.IfMatchFails(http.Request, MeetingView.ETagOf(meeting)))
        {
            return MeetingProblems.Stale();
        }

        var write = JsonMergePatch.Apply(MeetingWrite.From(meeting), patch, json.Value.SerializerOptions);
        var validation = await validator.ValidateAsync(write, cancellationToken);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.ToDictionary());
        }

        if (write.HostSpaceId != meeting.HostSpaceId &&
            await MeetingReferences.UnknownSpaceAsync(db, "hostSpaceId", write.HostSpaceId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        var agenda = write.AgendaOr(settings);
        if (AgendaRules.CheckFits(agenda, write.DurationMinutes, isDefault: write.Agenda is null) is { } tooLong)
        {
            return tooLong;
        }

        var capacityBefore = meeting.Capacity;
        write.ApplyTo(meeting, tenants.Required.TimeZone, agenda);
        if (db.ChangeTracker.HasChanges())
        {
            var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
            meeting.Sequence++;
            meeting.UpdatedAt = now;
            meeting.EditedIndividually = meeting.SeriesId is not null;
            if (meeting.Capacity is null || meeting.Capacity > capacityBefore)
            {
                await Waitlist.PromoteAsync(db, meeting, now, http, cancellationToken);
            }

            db.AddEvent(WebhookEventTypes.MeetingUpdated, MeetingView.From(meeting), http);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = MeetingView.ETagOf(meeting);
        return TypedResults.Ok(MeetingView.From(meeting));
    }
}
