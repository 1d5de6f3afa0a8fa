using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>POST /v1/meetings/{id}/rsvps</c> (organizers and space owners): answer yes, no or maybe. One RSVP per email per
/// meeting: a repeat with the same email updates it (200; the first is 201). Once the meeting is full a new "yes" is
/// waitlisted, and the receipt says so with its place; when a seated "yes" changes its answer, the first person on the
/// waitlist gets the seat in the same transaction. The meeting's row is locked for the whole transaction, so
/// concurrent answers for the last seat cannot both get it. A space owner answers for its own space: <c>spaceId</c>
/// defaults to it, another one is 403, and so is changing an RSVP of another space. RSVPs close when the meeting ends,
/// is held or is cancelled (409). A new RSVP emits <c>rsvp.created</c> (waitlisted or not; an update of an existing one
/// emits nothing), and each person seated by a freed seat <c>rsvp.promoted_from_waitlist</c>, in the same transaction.
/// </summary>
public static class RespondToMeeting
{
    public sealed record Request(string? Name, string? Email, Guid? SpaceId, RsvpResponse? Response);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(r => r.Name).NotEmpty().MaximumLength(MeetingRules.MaxPersonNameLength);
            RuleFor(r => r.Email).NotEmpty().MaximumLength(MeetingRules.MaxEmailLength).EmailAddress();
            RuleFor(r => r.SpaceId).NotEqual(Guid.Empty).WithMessage("spaceId must be the id of a space of this alliance.");
            RuleFor(r => r.Response).NotNull().IsInEnum();
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/meetings/{id:guid}/rsvps", HandleAsync)
            .WithName("RespondToMeeting")
            .WithSummary("RSVP to a meeting (a repeat with the same email updates it)")
            .WithDescription("201 for a new RSVP, 200 for an update. When the meeting is full a \"yes\" is waitlisted: the receipt's " +
                             "rsvp.waitlisted is true and rsvp.waitlistPosition is its place. A seat freed by a \"yes\" that changes " +
                             "its answer goes to the first person on the waitlist at once.")
            .RequireAuthorization(Policies.Member)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<RsvpReceipt>, Ok<RsvpReceipt>, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, ClaimsPrincipal user, AllianceDbContext db, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        // Organizers answer for anyone; a space owner for people of its own space.
        var ownSpace = user.IsOrganizer() ? null : user.SpaceIdOf();
        if (ownSpace is not null && request.SpaceId is { } asked && asked != ownSpace)
        {
            return MeetingProblems.NotYourSpace();
        }

        var spaceId = ownSpace ?? request.SpaceId;
        // A key's own space needs no lookup: keys of a removed space are revoked with it.
        if (ownSpace is null && await MeetingReferences.UnknownSpaceAsync(db, "spaceId", spaceId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var meeting = await MeetingLocks.LockAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.NotFound();
        }

        var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return MeetingProblems.Cancelled(meeting);
        }

        if (meeting.Status == MeetingStatus.Held || now >= meeting.EndsAt)
        {
            return MeetingProblems.RsvpsClosed(meeting);
        }

        var email = MeetingRules.NormalizeEmail(request.Email!);
        var rsvp = await db.MeetingRsvps.AsTracking().FirstOrDefaultAsync(r => r.MeetingId == id && r.Email == email, cancellationToken);
        if (rsvp is not null && ownSpace is not null && rsvp.SpaceId != ownSpace)
        {
            return MeetingProblems.NotYourSpace();
        }

        var created = rsvp is null;
        var heldASeat = rsvp is { Response: RsvpResponse.Yes, Waitlisted: false };
        var wasYes = rsvp is { Response: RsvpResponse.Yes };
        if (rsvp is null)
        {
            rsvp = new MeetingRsvp { Id = Guid.CreateVersion7(), MeetingId = id, Name = "", Email = email, CreatedAt = now };
            db.MeetingRsvps.Add(rsvp);
        }

        var response = request.Response!.Value;
        rsvp.Name = request.Name!.Trim();
        rsvp.SpaceId = spaceId;
        rsvp.Response = response;
        rsvp.UpdatedAt = now;
        if (response != RsvpResponse.Yes)
        {
            rsvp.Waitlisted = false;
            rsvp.WaitlistedAt = null;
        }
        else if (!wasYes)
        {
            var full = meeting.Capacity is { } capacity && await Waitlist.ConfirmedAsync(db, id, cancellationToken) >= capacity;
            rsvp.Waitlisted = full;
            rsvp.WaitlistedAt = full ? now : null;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (heldASeat && response != RsvpResponse.Yes && await Waitlist.PromoteAsync(db, meeting, now, http, cancellationToken) > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        // Read under the lock, so the place and the counts are those this answer produced.
        var receipt = new RsvpReceipt(id, RsvpView.From(rsvp, await Waitlist.PositionsAsync(db, id, cancellationToken)),
            await RsvpCounts.ForAsync(db, meeting, cancellationToken));
        if (created)
        {
            // Staged after the waitlist place is known, so the event carries the RSVP as the receipt shows it.
            db.AddEvent(WebhookEventTypes.RsvpCreated, receipt.Rsvp, http);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return created ? TypedResults.Created((string?)null, receipt) : TypedResults.Ok(receipt);
    }
}
