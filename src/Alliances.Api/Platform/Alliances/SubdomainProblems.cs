using Alliances.Api.Infrastructure.Problems;
using Alliances.Tenancy.Hosts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Platform.Alliances;

/// <summary>The 422 answers for a sub-domain that can never be claimed; the problem names the rule that was broken.</summary>
public static class SubdomainProblems
{
    public static ProblemHttpResult Unclaimable(SubdomainVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var reserved = verdict.Kind == SubdomainVerdictKind.Reserved;
        var message = reserved ? "This name is reserved by the platform and cannot be claimed." : verdict.Message ?? "Invalid sub-domain.";
        return ApiProblems.Problem(
            StatusCodes.Status422UnprocessableEntity,
            reserved ? ProblemTypes.SubdomainReserved : ProblemTypes.SubdomainInvalid,
            reserved ? "Sub-domain reserved" : "Sub-domain invalid",
            message,
            new Dictionary<string, object?>
            {
                ["rule"] = reserved ? "reserved" : verdict.Rule,
                ["errors"] = new Dictionary<string, string[]> { ["subdomain"] = [message] },
            });
    }
}
