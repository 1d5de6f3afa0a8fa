using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Features.Webhooks;

/// <summary>
/// <c>PATCH /v1/webhooks/{id}</c> (organizer): a JSON Merge Patch (RFC 7396) of <c>url</c>, <c>eventTypes</c> and
/// <c>active</c>, as <c>application/merge-patch+json</c> or plain <c>application/json</c>. The merged result must pass
/// the create rules (<see cref="WebhookWrite.Validator"/>). <c>If-Match</c> is optional; a stale one is 412.
/// <para>Decisions:</para>
/// <list type="bullet">
/// <item><c>secret</c> is refused with a 400 naming it (not ignored): like every read-only or unknown member (API
/// conventions; Stripe likewise rejects unknown parameters), so a client that thinks it set a secret finds out at once.
/// Secrets change only through <c>POST /v1/webhooks/{id}/rotate-secret</c>, which shows the new one once.</item>
/// <item>A patch that names <c>active</c> and leaves the subscription active (<c>true</c>, or <c>null</c>: removed
/// members take their create default) re-enables it: <c>state</c> goes back to <c>healthy</c>, the count of exhausted
/// retry schedules to 0 and <c>disabledReason</c> to null, so a subscription the dispatcher disabled (410 Gone,
/// repeated exhaustion) or marked failing starts with a clean record. Deliveries that failed meanwhile are not
/// re-sent; redeliver them from the log.</item>
/// <item><c>active: false</c> pauses: no new deliveries are made for it and queued ones are dropped when due (the
/// dispatcher's rule for inactive subscriptions); its health is kept as it was.</item>
/// <item>A new <c>url</c> or <c>eventTypes</c> applies from the next attempt and the next event fanned out; deliveries
/// already queued keep their event and go to the new URL.</item>
/// </list>
/// </summary>
public static class UpdateWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPatch("/webhooks/{id:guid}", HandleAsync)
            .WithName("UpdateWebhook")
            .WithSummary("Change a webhook subscription (JSON Merge Patch)")
            .WithDescription("The body is merged into url, eventTypes and active: a property replaces, null removes (url and eventTypes " +
                             "are required, so removing them is a 400; active defaults to true). The result must pass the same rules as a create. " +
                             "Sending active (true) re-enables a disabled or failing subscription and resets its failure state. " +
                             "The secret cannot be patched (400 naming it): use rotate-secret. Send If-Match to avoid lost updates.")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsMergePatch<WebhookWrite>()
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<WebhookView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] JsonElement patch,
        AllianceDbContext db,
        IValidator<WebhookWrite> validator,
        IOptions<JsonOptions> json,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(http);
        if (patch.ValueKind == JsonValueKind.Object && patch.TryGetProperty("secret", out _))
        {
            return WebhookProblems.SecretNotWritable(id);
        }

        // Locked from the If-Match check to the write, so neither another patch nor the dispatcher commits in between.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var subscription = await WebhookRows.LockAsync(db, id, cancellationToken);
        if (subscription is null)
        {
            return WebhookProblems.NotFound();
        }

        if (EntityTags.IfMatchFails(http.Request, WebhookView.ETagOf(subscription)))
        {
            return WebhookProblems.Stale();
        }

        var write = JsonMergePatch.Apply(WebhookWrite.From(subscription), patch, json.Value.SerializerOptions);
        var validation = await validator.ValidateAsync(write, cancellationToken);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.ToDictionary());
        }

        write.ApplyTo(subscription);
        if (patch.TryGetProperty("active", out _) && subscription.Active)
        {
            subscription.State = WebhookState.Healthy;
            subscription.Exhaustions = 0;
            subscription.DisabledReason = null;
        }

        if (db.ChangeTracker.HasChanges())
        {
            // A patch that changes nothing keeps the version, so the client's ETag stays valid.
            subscription.Version++;
            subscription.UpdatedAt = clock.GetDatabaseNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = WebhookView.ETagOf(subscription);
        return TypedResults.Ok(WebhookView.From(subscription));
    }
}
