using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;

namespace Alliances.Api.Platform.Operator;

/// <summary><c>POST /v1/alliances/{subdomain}/resume</c> (operator): lifts a suspension.</summary>
public static class ResumeAlliance
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/alliances/{subdomain}/resume",
                (string subdomain, AllianceStateChanger changer, CancellationToken cancellationToken) =>
                    changer.ChangeAsync(subdomain.ToLowerInvariant(), "suspended", "active", cancellationToken))
            .WithName("ResumeAlliance")
            .WithSummary("Resume a suspended alliance (operator)")
            .RequireAuthorization(Policies.Operator)
            .AcceptsQuery();
}
