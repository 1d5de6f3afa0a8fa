namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// Findings of the fuzzer that are known and not fixed yet, each narrowly matched and each with the issue it belongs
/// to. An excused case is still sent and checked; it only does not fail the run. Empty when nothing is outstanding.
/// </summary>
internal static class KnownIssues
{
    private static readonly List<KnownIssue> Issues = [];

    public static bool Excuses(FuzzOperation operation, FuzzCase fuzz, FuzzRequest request, int status, string body) =>
        Issues.Any(i => i.Matches(operation, fuzz, request, status, body));

    private sealed record KnownIssue(string Why, Func<FuzzOperation, FuzzCase, FuzzRequest, int, string, bool> Matches);
}
