using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>POST /v1/meetings/{id}/attendance</c> (organizer): check a person in, once the meeting has started (409
/// <c>meeting-not-started</c> before; 409 <c>meeting-cancelled</c> for a cancelled one). With an email that has an RSVP,
/// the name and space default to the RSVP's; a walk-in gives at least a name. Checking in the same email again changes
/// nothing and answers 200 with the first check-in, so a double tap at the door is harmless.
/// </summary>
public static class RecordAttendance
{
    public sealed record Request(string? Name, string? Email, Guid? SpaceId);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(r => r.Name).MaximumLength(MeetingRules.MaxPersonNameLength);
            RuleFor(r => r.Name).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.Email))
                .WithMessage("Give a name, or the email of someone who RSVPed.");
            RuleFor(r => r.Email).MaximumLength(MeetingRules.MaxEmailLength).EmailAddress();
            RuleFor(r => r.SpaceId).NotEqual(Guid.Empty).WithMessage("spaceId must be the id of a space of this alliance.");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/meetings/{id:guid}/attendance", HandleAsync)
            .WithName("CheckInToMeeting")
            .WithSummary("Record that someone attended a meeting (check-in)")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<AttendanceReceipt>, Ok<AttendanceReceipt>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
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

        if (now < meeting.StartsAt)
        {
            return MeetingProblems.NotStarted(meeting, "Attendance");
        }

        var email = MeetingRules.Clean(request.Email) is { } given ? MeetingRules.NormalizeEmail(given) : null;
        var already = email is null
            ? null
            : await db.MeetingAttendees.FirstOrDefaultAsync(a => a.MeetingId == id && a.Email == email, cancellationToken);
        if (already is not null)
        {
            return TypedResults.Ok(await ReceiptAsync(db, already, cancellationToken));
        }

        var rsvp = email is null ? null : await db.MeetingRsvps.FirstOrDefaultAsync(r => r.MeetingId == id && r.Email == email, cancellationToken);
        var name = MeetingRules.Clean(request.Name) ?? rsvp?.Name;
        if (name is null)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["name"] = ["name is required: nobody RSVPed to this meeting with this email."],
            });
        }

        if (request.SpaceId is not null &&
            await MeetingReferences.UnknownSpaceAsync(db, "spaceId", request.SpaceId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var attendee = new MeetingAttendee
        {
            Id = Guid.CreateVersion7(),
            MeetingId = id,
            Name = name,
            Email = email,
            SpaceId = request.SpaceId ?? rsvp?.SpaceId,
            RsvpId = rsvp?.Id,
            CheckedInAt = now,
        };
        db.MeetingAttendees.Add(attendee);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created((string?)null, await ReceiptAsync(db, attendee, cancellationToken));
    }

    private static async Task<AttendanceReceipt> ReceiptAsync(AllianceDbContext db, MeetingAttendee attendee, CancellationToken cancellationToken) =>
        new(attendee.MeetingId, AttendeeView.From(attendee),
            await db.MeetingAttendees.CountAsync(a => a.MeetingId == attendee.MeetingId, cancellationToken));
}
