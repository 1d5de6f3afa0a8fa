using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>POST /v1/meetings/{id}/cancel</c> (organizer), with <c>{"reason": "…"}</c>: the meeting stays, with status
/// <c>cancelled</c>, the reason and the time, and shows in the calendar as <c>STATUS:CANCELLED</c>. Cancelling a
/// cancelled meeting again changes nothing and answers 200, so a retry is safe; a meeting that was held (has minutes)
/// cannot be cancelled (409 <c>meeting-held</c>). <c>If-Match</c> is optional; a stale one is 412. Emits
/// <c>meeting.cancelled</c> when the meeting goes from scheduled to cancelled (not for the no-op repeat).
/// </summary>
public static class CancelMeeting
{
    public sealed record Request(string? Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(MeetingRules.MaxReasonLength);
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/meetings/{id:guid}/cancel", HandleAsync)
            .WithName("CancelMeeting")
            .WithSummary("Cancel a meeting (it stays listed, as cancelled)")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<MeetingView>, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, AllianceDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
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

        if (meeting.Status == MeetingStatus.Held)
        {
            return MeetingProblems.AlreadyHeld();
        }

        if (meeting.Status == MeetingStatus.Scheduled)
        {
            var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
            meeting.Status = MeetingStatus.Cancelled;
            meeting.CancellationReason = request.Reason!.Trim();
            meeting.CancelledAt = now;
            meeting.Sequence++;
            meeting.UpdatedAt = now;
            db.AddEvent(WebhookEventTypes.MeetingCancelled, MeetingView.From(meeting), http);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = MeetingView.ETagOf(meeting);
        return TypedResults.Ok(MeetingView.From(meeting));
    }
}
