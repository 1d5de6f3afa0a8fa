namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// Findings of the fuzzer that are known and not fixed yet, each narrowly matched, with the issue it belongs to and a
/// case of its own that <see cref="OpenApiFuzzShould.StillFailEachKnownIssue_UntilItIsFixed"/> sends to prove it still
/// fails. An excused case is still sent and checked; it only does not fail the run. Empty when nothing is outstanding.
/// </summary>
internal static class KnownIssues
{
    public static readonly IReadOnlyList<KnownIssue> All = [];

    public static bool Excuses(FuzzOperation operation, FuzzCase fuzz, FuzzRequest request, int status) =>
        All.Any(i => i.Matches(operation, fuzz, request, status));
}

/// <summary>One known finding: where it shows (<see cref="Matches"/>) and a case that shows it (<see cref="Case"/>).</summary>
internal sealed record KnownIssue(string Name, string Why, string OperationId, FuzzCase Case, Func<FuzzOperation, FuzzCase, FuzzRequest, int, bool> Matches);
