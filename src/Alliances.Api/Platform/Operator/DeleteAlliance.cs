using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Platform.Operator;

/// <summary>
/// <c>DELETE /v1/alliances/{subdomain}?confirm={subdomain}</c> (operator): drops the alliance's schema and role. The
/// sub-domain must be repeated in <c>confirm</c>, so a mistyped path cannot delete the wrong alliance. A query
/// parameter rather than a body, because many HTTP clients drop bodies on DELETE.
/// </summary>
public static class DeleteAlliance
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/alliances/{subdomain}", HandleAsync)
            .WithName("DeleteAlliance")
            .WithSummary("Delete an alliance and all its data (operator)")
            .RequireAuthorization(Policies.Operator)
            .AcceptsQuery("confirm");

    public static async Task<Results<Ok<OperatorAllianceView>, ProblemHttpResult, ValidationProblem>> HandleAsync(
        string subdomain, string? confirm, AllianceStateChanger changer, CancellationToken cancellationToken)
    {
        var label = subdomain.ToLowerInvariant();
        if (!string.Equals(confirm, label, StringComparison.Ordinal))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["confirm"] = [$"Repeat the sub-domain to confirm: ?confirm={label}"],
            });
        }

        var result = await changer.DeleteAsync(label, cancellationToken);
        return result.Result switch
        {
            Ok<OperatorAllianceView> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
    }
}
