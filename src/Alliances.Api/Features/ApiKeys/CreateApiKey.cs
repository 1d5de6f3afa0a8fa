using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Meetings;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.ApiKeys;

/// <summary>
/// <c>POST /v1/api-keys</c> (organizer): create a key. Its text is in this response and nowhere else, ever. A
/// space_owner key must name a space of this alliance (422 otherwise): the key's space is what its RSVPs and edits
/// are attributed to, so an id of another alliance's space, or a made-up one, would be stored as if it were real.
/// </summary>
public static class CreateApiKey
{
    // Role is nullable so that leaving it out is a 400, never the enum's default (which would mint an organizer key).
    public sealed record Request(string Name, ApiKeyRole? Role, Guid? SpaceId, DateTimeOffset? ExpiresAt);

    public sealed record Response(
        Guid Id, string Name, ApiKeyRole Role, Guid? SpaceId, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string Key);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Role).NotNull().IsInEnum();
            RuleFor(r => r.SpaceId).NotNull().When(r => r.Role == ApiKeyRole.SpaceOwner)
                .WithMessage("A space_owner key must name the space it is bound to.");
            RuleFor(r => r.SpaceId).Null().When(r => r.Role != ApiKeyRole.SpaceOwner)
                .WithMessage("Only space_owner keys are bound to a space.");
            RuleFor(r => r.ExpiresAt).Must(e => e is null || e > clock.GetUtcNow()).WithMessage("expiresAt must be in the future.");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/api-keys", HandleAsync)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key (shown once)")
            .RequireAuthorization(Policies.Organizer)
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<Response>, ProblemHttpResult>> HandleAsync(
        Request request, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await MeetingReferences.UnknownSpaceAsync(db, "spaceId", request.SpaceId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var now = clock.GetDatabaseNow();
        var secret = ApiKeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Role = request.Role!.Value,
            SpaceId = request.SpaceId,
            Hash = secret.Hash,
            Prefix = secret.DisplayPrefix,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = request.ExpiresAt is { } expires ? DatabaseClock.Truncate(expires) : null,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/api-keys/{key.Id}", new Response(
            key.Id, key.Name, key.Role, key.SpaceId, key.Prefix, key.CreatedAt, key.UpdatedAt, key.ExpiresAt, null, null, secret.Text));
    }
}
