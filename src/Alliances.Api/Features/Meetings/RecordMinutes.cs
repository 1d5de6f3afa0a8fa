using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>PUT /v1/meetings/{id}/minutes</c> (organizer): record the minutes (markdown) and the decisions taken, or replace
/// them. Allowed once the meeting has started (notes are often written during it); 409 before, and for a cancelled
/// meeting. Recording minutes marks the meeting <c>held</c> (a change to the meeting, so its sequence grows). A
/// decision may name priorities of this alliance by id; an unknown id is a 422 naming it. <c>If-Match</c> takes the
/// minutes' ETag. Recording minutes is the only way a meeting becomes held, so the first recording emits
/// <c>meeting.held</c> (data: the meeting, as <c>GET /v1/meetings/{id}</c> shows it); replacing the minutes later emits nothing.
/// </summary>
public static class RecordMinutes
{
    public sealed record DecisionInput(string? Text, IReadOnlyList<Guid>? PriorityIds);

    public sealed record Request(string? Markdown, IReadOnlyList<DecisionInput>? Decisions);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(r => r.Markdown).NotEmpty().MaximumLength(MeetingRules.MaxMinutesLength);
            RuleFor(r => r.Decisions)
                .Must(d => d is null || d.Count <= MeetingRules.MaxDecisions)
                .WithMessage($"decisions has at most {MeetingRules.MaxDecisions} entries.");
            RuleForEach(r => r.Decisions).Cascade(CascadeMode.Continue).NotNull().SetValidator(new DecisionValidator());
        }
    }

    public sealed class DecisionValidator : AbstractValidator<DecisionInput>
    {
        public DecisionValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(d => d.Text).NotEmpty().MaximumLength(MeetingRules.MaxDecisionLength);
            RuleFor(d => d.PriorityIds)
                .Must(p => p is null || p.Count <= MeetingRules.MaxPriorityIdsPerDecision)
                .WithMessage($"priorityIds has at most {MeetingRules.MaxPriorityIdsPerDecision} entries.")
                .Must(p => p is null || p.Distinct().Count() == p.Count)
                .WithMessage("priorityIds is a set: each id appears once.");
            RuleForEach(d => d.PriorityIds).Cascade(CascadeMode.Continue).NotEqual(Guid.Empty)
                .WithMessage("A priority id is the id of a priority of this alliance.");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPut("/meetings/{id:guid}/minutes", HandleAsync)
            .WithName("RecordMeetingMinutes")
            .WithSummary("Record a meeting's minutes and decisions (marks it held)")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<MinutesView>, Ok<MinutesView>, ProblemHttpResult>> HandleAsync(
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

        var minutes = await db.MeetingMinutes.AsTracking().FirstOrDefaultAsync(m => m.MeetingId == id, cancellationToken);
        if (EntityTags.IfMatchFails(http.Request, MinutesView.ETagOf(id, minutes)))
        {
            return MeetingProblems.Stale("minutes");
        }

        var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return MeetingProblems.Cancelled(meeting);
        }

        if (now < meeting.StartsAt)
        {
            return MeetingProblems.NotStarted(meeting, "Minutes");
        }

        var decisions = (request.Decisions ?? [])
            .Select(d => new MeetingDecision(d.Text!.Trim(), [.. d.PriorityIds ?? []]))
            .ToList();
        var references = (request.Decisions ?? [])
            .SelectMany((d, i) => (d.PriorityIds ?? []).Select((p, j) => ($"decisions[{i}].priorityIds[{j}]", p)))
            .ToList();
        if (await MeetingReferences.UnknownPrioritiesAsync(db, references, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var created = minutes is null;
        if (minutes is null)
        {
            minutes = new MeetingMinutes { MeetingId = id, Markdown = "", RecordedAt = now, Version = 0 };
            db.MeetingMinutes.Add(minutes);
        }

        var markdown = request.Markdown!;
        if (created || minutes.Markdown != markdown || !minutes.Decisions.SequenceEqual(decisions, DecisionComparer.Instance))
        {
            minutes.Markdown = markdown;
            minutes.Decisions.Clear();
            minutes.Decisions.AddRange(decisions);
            minutes.UpdatedAt = now;
            minutes.Version++;
        }

        if (meeting.Status != MeetingStatus.Held)
        {
            meeting.Status = MeetingStatus.Held;
            meeting.Sequence++;
            meeting.UpdatedAt = now;
            db.AddEvent(WebhookEventTypes.MeetingHeld, MeetingView.From(meeting), http);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = MinutesView.ETagOf(id, minutes);
        var view = MinutesView.From(id, minutes);
        return created ? TypedResults.Created($"/v1/meetings/{id}/minutes", view) : TypedResults.Ok(view);
    }

    /// <summary>Decisions compare by text and the ids they name (the record's own equality would compare list instances).</summary>
    private sealed class DecisionComparer : IEqualityComparer<MeetingDecision>
    {
        public static readonly DecisionComparer Instance = new();

        public bool Equals(MeetingDecision? x, MeetingDecision? y) =>
            x is null ? y is null : y is not null && x.Text == y.Text && x.PriorityIds.SequenceEqual(y.PriorityIds);

        public int GetHashCode(MeetingDecision obj) => obj?.Text.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
