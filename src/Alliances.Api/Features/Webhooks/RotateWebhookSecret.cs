using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Features.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{id}/rotate-secret</c> (organizer): a new secret, shown once. The old one keeps signing next to
/// it (two signatures in <c>webhook-signature</c>) for the overlap window, so the receiver can switch without a gap.
/// </summary>
public static class RotateWebhookSecret
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/webhooks/{id:guid}/rotate-secret", HandleAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("Rotate the signing secret (old and new both sign during the overlap)")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<Ok<WebhookWithSecret>, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var subscription = await db.Set<WebhookSubscription>().AsTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return ApiProblems.NotFound("webhook");
        }

        var now = clock.GetUtcNow();
        subscription.PreviousSecret = subscription.Secret;
        subscription.PreviousSecretExpiresAt = now + options.Value.RotationOverlap;
        subscription.Secret = WebhookSignature.NewSecret();
        subscription.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookWithSecret.From(subscription));
    }
}
