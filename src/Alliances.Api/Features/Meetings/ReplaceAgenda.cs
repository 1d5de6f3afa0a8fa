using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>PUT /v1/meetings/{id}/agenda</c> (organizer), with <c>{"segments": [...]}</c>: replaces the whole agenda. The
/// segments must fit in the meeting (422 <c>agenda-too-long</c>, saying by how many minutes). An empty list leaves the
/// meeting without an agenda. Answers with the meeting; <c>If-Match</c> takes the meeting's ETag.
/// </summary>
public static class ReplaceAgenda
{
    public sealed record Request(IReadOnlyList<AgendaSegmentInput>? Segments);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(r => r.Segments).NotNull()
                .Must(s => s!.Count <= MeetingRules.MaxAgendaSegments)
                .WithMessage($"segments has at most {MeetingRules.MaxAgendaSegments} entries.");
            RuleForEach(r => r.Segments).Cascade(CascadeMode.Continue).NotNull().SetValidator(new AgendaSegmentInput.Validator());
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPut("/meetings/{id:guid}/agenda", HandleAsync)
            .WithName("ReplaceMeetingAgenda")
            .WithSummary("Replace a meeting's agenda")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

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

        var segments = request.Segments!.Select(s => s.ToSegment()).ToList();
        if (AgendaRules.CheckFits(segments, MeetingRules.MinutesBetween(meeting.StartsAt, meeting.EndsAt), isDefault: false) is { } tooLong)
        {
            return tooLong;
        }

        if (!meeting.Agenda.SequenceEqual(segments))
        {
            meeting.Agenda.Clear();
            meeting.Agenda.AddRange(segments);
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
