using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>POST /v1/meetings/{id}/agenda/reorder</c> (organizer), with <c>{"from": 2, "to": 0}</c>: moves the segment at
/// position <c>from</c> to position <c>to</c> (0-based, as in the <c>agenda</c> array); the segments between shift by
/// one. The total length is unchanged, so the agenda still fits. A position outside the agenda is a 400 naming it.
/// Answers with the meeting; <c>If-Match</c> takes the meeting's ETag.
/// </summary>
public static class ReorderAgenda
{
    public sealed record Request(int? From, int? To);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.From).NotNull().GreaterThanOrEqualTo(0);
            RuleFor(r => r.To).NotNull().GreaterThanOrEqualTo(0);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/meetings/{id:guid}/agenda/reorder", HandleAsync)
            .WithName("ReorderMeetingAgenda")
            .WithSummary("Move one agenda segment to another position")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<MeetingView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
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

        int from = request.From!.Value, to = request.To!.Value, count = meeting.Agenda.Count;
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, value) in new[] { ("from", from), ("to", to) })
        {
            if (value >= count)
            {
                errors[field] = [count == 0
                    ? "This meeting has no agenda segments to move."
                    : $"{field} must be a position in the agenda, from 0 to {count - 1}."];
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (from != to)
        {
            var segment = meeting.Agenda[from];
            meeting.Agenda.RemoveAt(from);
            meeting.Agenda.Insert(to, segment);
            AgendaRules.Touch(meeting, clock);
            // The agenda is part of the meeting (its view and sequence change), so receivers get meeting.updated.
            db.AddEvent(WebhookEventTypes.MeetingUpdated, MeetingView.From(meeting), http);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = MeetingView.ETagOf(meeting);
        return TypedResults.Ok(MeetingView.From(meeting));
    }
}
