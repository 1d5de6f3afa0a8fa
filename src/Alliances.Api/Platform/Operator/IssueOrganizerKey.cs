using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Platform.Operator;

/// <summary>
/// <c>POST /v1/alliances/{subdomain}/organizer-keys</c> (operator): issues a fresh organizer key, without an expiry,
/// to an alliance whose organizers have lost theirs. The key text is in this answer only; the action, the key's id and
/// prefix, and the reason given are recorded in <c>platform.operator_actions</c>. Suspended alliances can be given one
/// too, so that recovery does not have to wait for a resume.
/// </summary>
public static class IssueOrganizerKey
{
    public sealed record Request(string Reason);

    public sealed record Response(
        Guid Id, Guid AllianceId, string Subdomain, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string Key);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(500)
                .WithMessage("Say why the key is issued (1–500 characters); it is kept in the operator audit trail.");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/alliances/{subdomain}/organizer-keys", HandleAsync)
            .WithName("IssueOrganizerKey")
            .WithSummary("Issue a fresh organizer key to an alliance (operator)")
            .WithDescription("For an alliance whose organizers have lost every organizer key. The key has no expiry and is shown " +
                             "once; the action is recorded in the operator audit trail with the reason given.")
            .RequireAuthorization(Policies.Operator)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static Task<Results<Created<Response>, ProblemHttpResult>> HandleAsync(
        string subdomain, Request request, AllianceStateChanger changer, CanonicalUrls urls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var label = subdomain.ToLowerInvariant();
        return changer.IssueOrganizerKeyAsync(label, request.Reason.Trim(), id => $"{urls.Alliance(label)}/v1/api-keys/{id}", cancellationToken);
    }
}
