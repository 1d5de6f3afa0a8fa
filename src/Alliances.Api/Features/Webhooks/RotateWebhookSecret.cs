using Alliances.Api.Data;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
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
        Guid id, AllianceDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        // Locked, so concurrent rotations run one after the other (the secret each response shows is the one stored, and
        // the one it replaced keeps signing), and the version bump below never collides with one the dispatcher makes.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var subscription = await WebhookRows.LockAsync(db, id, cancellationToken);
        if (subscription is null)
        {
            return WebhookProblems.NotFound();
        }

        var now = clock.GetDatabaseNow();
        subscription.PreviousSecret = subscription.Secret;
        subscription.PreviousSecretExpiresAt = now + options.Value.RotationOverlap;
        subscription.Secret = WebhookSignature.NewSecret();
        subscription.UpdatedAt = now;
        subscription.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = WebhookView.ETagOf(subscription);
        return TypedResults.Ok(WebhookWithSecret.From(subscription));
    }
}
