using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Outbox;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Storage;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// What the four transition actions share. Each runs in one transaction that locks, in this order, the alliance's
/// settings row (<see cref="PriorityLimit"/>) and then the priority's row; the same order everywhere means two actions
/// can wait for each other but never deadlock. The allowed moves:
/// <list type="bullet">
/// <item><c>promote</c>: idea → active (within the limit)</item>
/// <item><c>achieve</c>: active → achieved (achieved is final)</item>
/// <item><c>drop</c>: idea or active → dropped, with a reason</item>
/// <item><c>reopen</c>: dropped → idea</item>
/// </list>
/// Anything else is 409 <c>invalid-priority-transition</c> with <c>from</c> and <c>to</c>. Promote, achieve and drop
/// emit <c>priority.promoted</c>, <c>.achieved</c> and <c>.dropped</c> in the transaction (<see cref="EventFor"/>).
/// Becoming active happens only through promote: achieve and drop move the priorities ranked below up one place,
/// but those stay active, so that is no promotion and emits nothing.
/// </summary>
public static class PriorityTransitions
{
    /// <summary>An optional note on why: the <c>reason</c> of the history entry.</summary>
    public sealed record Note(string? Reason);

    public sealed class NoteValidator : AbstractValidator<Note>
    {
        public NoteValidator() => RuleFor(n => n.Reason).MaximumLength(PriorityRules.MaxReasonLength);
    }

    /// <summary>The transaction and the two locked rows; <see cref="Priority"/> is null when no such priority exists.</summary>
    public sealed class Locked(IDbContextTransaction transaction, AllianceSettings settings, Priority? priority) : IAsyncDisposable
    {
        public IDbContextTransaction Transaction { get; } = transaction;

        public AllianceSettings Settings { get; } = settings;

        public Priority? Priority { get; } = priority;

        public ValueTask DisposeAsync() => Transaction.DisposeAsync();
    }

    public static async Task<Locked> BeginAsync(AllianceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = await db.BeginWriteAsync(cancellationToken);
        try
        {
            var settings = await PriorityLimit.LockSettingsAsync(db, cancellationToken);
            return new Locked(transaction, settings, await PriorityRows.LockAsync(db, id, cancellationToken));
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The 409 for an action that the priority's status does not allow; null when it is allowed.</summary>
    public static ProblemHttpResult? Refuse(PriorityStatus from, PriorityAction action)
    {
        var (allowed, to, rule) = action switch
        {
            PriorityAction.Promote => (from == PriorityStatus.Idea, PriorityStatus.Active, "only an idea can be promoted."),
            PriorityAction.Achieve => (from == PriorityStatus.Active, PriorityStatus.Achieved, "only an active priority can be achieved."),
            PriorityAction.Drop => (from is PriorityStatus.Idea or PriorityStatus.Active, PriorityStatus.Dropped,
                "only an idea or an active priority can be dropped."),
            PriorityAction.Reopen => (from == PriorityStatus.Dropped, PriorityStatus.Idea, "only a dropped priority can be reopened."),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        return allowed ? null : PriorityProblems.InvalidTransition(from, to, Verb(action), rule);
    }

    /// <summary>
    /// Moves the locked priority to <paramref name="to"/>, records the history entry, saves, runs
    /// <paramref name="afterSave"/> (rank moves that need the row saved first), commits, and answers with the priority.
    /// </summary>
    public static async Task<Ok<PriorityView>> CompleteAsync(
        AllianceDbContext db, Locked locked, PriorityStatus to, string? reason, ClaimsPrincipal user, DateTimeOffset now,
        HttpContext http, Func<Task>? afterSave, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(locked);
        ArgumentNullException.ThrowIfNull(http);
        var priority = locked.Priority ?? throw new InvalidOperationException("No priority to move.");
        var by = await CallingKey.ResolveAsync(user, db, cancellationToken);
        var from = priority.Status;
        priority.Status = to;
        priority.UpdatedAt = now;
        priority.Version++;
        db.PriorityHistory.Add(PriorityHistory.Entry(priority.Id, from, to, reason, by, now));
        if (EventFor(to) is { } type)
        {
            // afterSave only moves other priorities' ranks, so this view is already the one the answer shows.
            db.AddEvent(type, PriorityView.From(priority), http);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (afterSave is not null)
        {
            await afterSave();
        }

        await locked.Transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = PriorityView.ETagOf(priority);
        return TypedResults.Ok(PriorityView.From(priority));
    }

    /// <summary>The webhook event for arriving at <paramref name="to"/>; null for reopen (there is no event type for it).</summary>
    public static string? EventFor(PriorityStatus to) => to switch
    {
        PriorityStatus.Active => WebhookEventTypes.PriorityPromoted,
        PriorityStatus.Achieved => WebhookEventTypes.PriorityAchieved,
        PriorityStatus.Dropped => WebhookEventTypes.PriorityDropped,
        _ => null,
    };

    /// <summary>Now, to the microsecond PostgreSQL keeps.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => SpaceRules.Now(clock);

    private static string Verb(PriorityAction action) => action switch
    {
        PriorityAction.Promote => "promote",
        PriorityAction.Achieve => "achieve",
        PriorityAction.Drop => "drop",
        PriorityAction.Reopen => "reopen",
        _ => "propose",
    };
}
