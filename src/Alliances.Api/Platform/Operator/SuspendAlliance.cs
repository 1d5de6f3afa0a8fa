using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;

namespace Alliances.Api.Platform.Operator;

/// <summary><c>POST /v1/alliances/{subdomain}/suspend</c> (operator): every request on the alliance's host gets 403 until resumed.</summary>
public static class SuspendAlliance
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/alliances/{subdomain}/suspend",
                (string subdomain, AllianceStateChanger changer, CancellationToken cancellationToken) =>
                    changer.ChangeAsync(subdomain.ToLowerInvariant(), "active", "suspended", cancellationToken))
            .WithName("SuspendAlliance")
            .WithSummary("Suspend an alliance (operator)")
            .RequireAuthorization(Policies.Operator)
            .AcceptsQuery();
}
