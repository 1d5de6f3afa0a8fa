using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Webhooks;

/// <summary>The problems only webhook subscriptions produce.</summary>
public static class WebhookProblems
{
    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("webhook");

    /// <summary>
    /// A ping or redelivery to a paused or disabled subscription. Queued, it would only be marked failed when due,
    /// with no attempt to show for it; the caller is told now instead.
    /// </summary>
    public static ProblemHttpResult Inactive(Guid id, string? disabledReason) =>
        ApiProblems.Problem(409, ProblemTypes.WebhookInactive, "Webhook inactive",
            $"This webhook is {(disabledReason is null ? "paused" : $"disabled ({disabledReason})")}, so nothing is sent to it. " +
            $"Re-enable it with PATCH /v1/webhooks/{id} {{\"active\": true}}, then retry.");

    public static ProblemHttpResult Stale() =>
        ApiProblems.Problem(412, ProblemTypes.PreconditionFailed, "Precondition failed",
            "The webhook has changed since the ETag in If-Match was issued (by an edit, a rotation, or its delivery state). " +
            "GET it again, reapply your change and retry.");

    /// <summary>
    /// A patch naming <c>secret</c>. Any read-only member is a 400 naming it (API conventions); this one gets a message
    /// that says where secrets do change, because it is the one a client is likely to try.
    /// </summary>
    public static ValidationProblem SecretNotWritable(Guid id) =>
        ApiProblems.Validation(new Dictionary<string, string[]>
        {
            ["secret"] = [$"The signing secret cannot be set. Rotate it with POST /v1/webhooks/{id}/rotate-secret; the new one is shown once."],
        });
}
