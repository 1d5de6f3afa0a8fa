using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>POST /v1/webhooks</c> (organizer): subscribe a URL to event types. The secret is in this response only.</summary>
public static class CreateWebhook
{
    public sealed record Request(string Url, string[] EventTypes, bool? Active);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(IHostEnvironment environment, IOptions<WebhookOptions> options)
        {
            RuleFor(r => r.Url).MustBeWebhookUrl(environment, options);
            RuleFor(r => r.EventTypes).NotEmpty().Must(t => t is not null && t.Length <= 20);
            RuleForEach(r => r.EventTypes).Must(WebhookEventTypes.All.Contains)
                .WithMessage(_ => "Unknown event type; one of: " + string.Join(", ", WebhookEventTypes.All.Order(StringComparer.Ordinal)) + ".");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/webhooks", HandleAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe to events (the signing secret is shown once)")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery();

    public static async Task<Created<WebhookWithSecret>> HandleAsync(Request request, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            Url = request.Url,
            EventTypes = [.. request.EventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Secret = WebhookSignature.NewSecret(),
            Active = request.Active ?? true,
            State = WebhookState.Healthy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Set<WebhookSubscription>().Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/webhooks/{subscription.Id}", WebhookWithSecret.From(subscription));
    }
}
