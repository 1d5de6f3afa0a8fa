using System.Text.Json;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Priorities;

/// <summary>The problems only priorities produce. Each names its rule in <c>type</c> and carries what a client needs to act.</summary>
public static class PriorityProblems
{
    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("priority");

    public static ProblemHttpResult Stale() =>
        ApiProblems.Problem(412, ProblemTypes.PreconditionFailed, "Precondition failed",
            "The priority has changed since the ETag in If-Match was issued. GET it again, reapply your change and retry.");

    public static ProblemHttpResult NotYourProposal() =>
        ApiProblems.Problem(403, ProblemTypes.Forbidden, "Forbidden",
            "A priority can be edited by an organizer, or with the key that proposed it.");

    public static ProblemHttpResult InvalidTransition(PriorityStatus from, PriorityStatus to, string action, string rule) =>
        ApiProblems.Problem(409, ProblemTypes.InvalidPriorityTransition, "Invalid priority transition",
            $"Cannot {action} a priority that is {Name(from)}: {rule}",
            new Dictionary<string, object?> { ["from"] = Name(from), ["to"] = Name(to), ["action"] = action });

    public static ProblemHttpResult NotAnIdea(PriorityStatus status) =>
        ApiProblems.Problem(409, ProblemTypes.PriorityNotAnIdea, "Not an idea",
            $"Votes are for ideas, and this priority is {Name(status)}. Votes are counted, and can be withdrawn, only while a priority is an idea.",
            new Dictionary<string, object?> { ["priorityStatus"] = Name(status) });

    public static ProblemHttpResult NotDeletable(PriorityStatus status, int votes) =>
        ApiProblems.Problem(409, ProblemTypes.PriorityNotDeletable, "Priority cannot be deleted",
            status != PriorityStatus.Idea
                ? $"Only an idea with no votes can be deleted, and this priority is {Name(status)}. Drop it instead: dropping keeps its history."
                : $"Only an idea with no votes can be deleted, and this one has {votes} vote(s). Drop it instead: dropping keeps its history.",
            new Dictionary<string, object?> { ["priorityStatus"] = Name(status), ["voteCount"] = votes });

    /// <summary>At the limit: the client gets the limit and the active priorities, to show what must be achieved or dropped first.</summary>
    public static ProblemHttpResult LimitReached(int limit, IReadOnlyList<ActivePriority> active) =>
        ApiProblems.Problem(409, ProblemTypes.PriorityLimitReached, "Priority limit reached",
            $"The alliance allows {limit} active priorities and has {active.Count}. Achieve or drop one of them before promoting another.",
            new Dictionary<string, object?> { ["limit"] = limit, ["activePriorities"] = active });

    /// <summary>The answer to lowering <c>maxActivePriorities</c> below the number already active.</summary>
    public static ProblemHttpResult LimitBelowActive(int requested, IReadOnlyList<ActivePriority> active) =>
        ApiProblems.Problem(409, ProblemTypes.PriorityLimitBelowActive, "Limit below active priorities",
            $"maxActivePriorities cannot be {requested} while {active.Count} priorities are active: achieve or drop " +
            $"{active.Count - requested} of them first.",
            new Dictionary<string, object?>
            {
                ["limit"] = requested,
                ["mustAchieveOrDrop"] = active.Count - requested,
                ["activePriorities"] = active,
            });

    public static ProblemHttpResult RankOutOfRange(int rank, int highest) =>
        Unprocessable(ProblemTypes.RankOutOfRange, "Rank out of range", "rank",
            $"rank must be from 1 to {highest}: there are {highest - 1} active priorities, and a promoted one goes among or after them (rank {rank} was asked).");

    public static ProblemHttpResult UnknownSpace() =>
        Unprocessable(ProblemTypes.UnknownSpace, "Unknown space", "owner.spaceId", "No space with this id exists in this alliance.");

    /// <summary>A reorder that is not exactly the active priorities, each once: says which ids are missing, extra or repeated.</summary>
    public static ProblemHttpResult OrderMismatch(IReadOnlyList<Guid> missing, IReadOnlyList<Guid> extra, IReadOnlyList<Guid> duplicated)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(extra);
        ArgumentNullException.ThrowIfNull(duplicated);
        var messages = new List<string>();
        if (missing.Count > 0)
        {
            messages.Add($"Missing active priorities: {string.Join(", ", missing)}.");
        }

        if (extra.Count > 0)
        {
            messages.Add($"Not active priorities of this alliance: {string.Join(", ", extra)}.");
        }

        if (duplicated.Count > 0)
        {
            messages.Add($"Listed more than once: {string.Join(", ", duplicated)}.");
        }

        return ApiProblems.Problem(422, ProblemTypes.PriorityOrderMismatch, "Order does not match the active priorities",
            "ids must list every active priority exactly once, in the new order. " + string.Join(" ", messages),
            new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { ["ids"] = [.. messages] },
                ["missing"] = missing,
                ["extra"] = extra,
                ["duplicated"] = duplicated,
            });
    }

    private static ProblemHttpResult Unprocessable(string type, string title, string field, string message) =>
        ApiProblems.Problem(422, type, title, message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>The status as the API spells it (<c>active</c>), for messages and extensions.</summary>
    public static string Name(PriorityStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}

/// <summary>An active priority as the limit problems list it.</summary>
public sealed record ActivePriority(Guid Id, string Title, int Rank);
