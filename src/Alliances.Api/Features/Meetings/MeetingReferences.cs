using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// Checks that the ids a body names exist in this alliance. The queries run in the alliance's own schema, so an id of
/// another alliance's space or priority is simply unknown here. An unknown id is a 422 (well-formed, but it names
/// nothing), with <c>errors</c> naming each field, as priorities answer for an unknown space.
/// </summary>
public static class MeetingReferences
{
    /// <summary>Null when every id is a space of this alliance; otherwise a 422 naming each unknown one.</summary>
    public static async Task<ProblemHttpResult?> UnknownSpacesAsync(
        AllianceDbContext db, IReadOnlyList<(string Field, Guid Id)> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return null;
        }

        var ids = references.Select(r => r.Id).Distinct().ToList();
        var known = await db.Spaces.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        return Unknown(references, known, ProblemTypes.UnknownSpace, "Unknown space", "space");
    }

    public static Task<ProblemHttpResult?> UnknownSpaceAsync(AllianceDbContext db, string field, Guid? id, CancellationToken cancellationToken) =>
        id is { } spaceId ? UnknownSpacesAsync(db, [(field, spaceId)], cancellationToken) : Task.FromResult<ProblemHttpResult?>(null);

    /// <summary>Null when every id is a priority of this alliance (in any status); otherwise a 422 naming each unknown one.</summary>
    public static async Task<ProblemHttpResult?> UnknownPrioritiesAsync(
        AllianceDbContext db, IReadOnlyList<(string Field, Guid Id)> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return null;
        }

        var ids = references.Select(r => r.Id).Distinct().ToList();
        var known = await db.Priorities.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        return Unknown(references, known, ProblemTypes.UnknownPriority, "Unknown priority", "priority");
    }

    private static ProblemHttpResult? Unknown(
        IReadOnlyList<(string Field, Guid Id)> references, List<Guid> known, string type, string title, string what)
    {
        var errors = references
            .Where(r => !known.Contains(r.Id))
            .ToDictionary(r => r.Field, r => new[] { $"No {what} of this alliance has the id {r.Id}." });
        if (errors.Count == 0)
        {
            return null;
        }

        return ApiProblems.Problem(422, type, title, string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")),
            new Dictionary<string, object?> { ["errors"] = errors });
    }
}
