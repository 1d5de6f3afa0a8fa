using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Alliances.Api.Features.Spaces;

/// <summary>The problems only spaces produce, with details a client can act on.</summary>
public static class SpaceProblems
{
    private const string SlugIndex = "ix_spaces_slug";

    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("space");

    public static ProblemHttpResult SlugTaken(string slug) =>
        ApiProblems.Problem(409, ProblemTypes.SlugTaken, "Slug taken", $"Another space of this alliance already has the slug '{slug}'.");

    public static ProblemHttpResult Stale() =>
        ApiProblems.Problem(412, ProblemTypes.PreconditionFailed, "Precondition failed",
            "The space has changed since the ETag in If-Match was issued. GET it again, reapply your change and retry.");

    public static ProblemHttpResult NotYourSpace() =>
        ApiProblems.Problem(403, ProblemTypes.Forbidden, "Forbidden", "A space owner key can change only the space it is bound to.");

    public static ProblemHttpResult AlreadyWelcomed(DateTimeOffset welcomedAt, string? welcomedBy) =>
        ApiProblems.Problem(409, ProblemTypes.AlreadyWelcomed, "Already welcomed",
            $"This space was welcomed at {welcomedAt:yyyy-MM-ddTHH:mm:ssZ}{(welcomedBy is null ? "" : " by " + welcomedBy)}; a space is welcomed once.");

    /// <summary>True when <paramref name="exception"/> is the unique index on slug refusing a duplicate.</summary>
    public static bool IsSlugTaken(DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: SlugIndex };
}
