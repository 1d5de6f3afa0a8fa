using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Api.Platform.Provisioning;
using Alliances.Tenancy.Hosts;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Platform.Alliances;

/// <summary>
/// <c>POST /v1/alliances</c>: claim a sub-domain. The organizer key in the answer is shown this once. Claims have their
/// own limits, per client address and platform-wide (<see cref="ClaimLimits"/>), checked once the request is valid.
/// </summary>
public static class ClaimAlliance
{
    public sealed record Organizer(string Name, string Email);

    public sealed record Request(string Subdomain, string Name, string Region, string TimeZone, Organizer Organizer);

    public sealed record Response(
        Guid Id,
        string Subdomain,
        string Name,
        string Region,
        string TimeZone,
        string State,
        string Url,
        string SchemaVersion,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        string OrganizerKey);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Subdomain).NotEmpty().MaximumLength(253);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Region).NotEmpty().MaximumLength(200);
            RuleFor(r => r.TimeZone).NotEmpty().MaximumLength(64).Must(TimeZones.IsIana)
                .WithMessage("timeZone must be an IANA time-zone name such as America/Los_Angeles.");
            RuleFor(r => r.Organizer).NotNull();
            RuleFor(r => r.Organizer.Name).NotEmpty().MaximumLength(200).OverridePropertyName("organizer.name").When(r => r.Organizer is not null);
            RuleFor(r => r.Organizer.Email).NotEmpty().MaximumLength(254).EmailAddress().OverridePropertyName("organizer.email")
                .When(r => r.Organizer is not null);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/alliances", HandleAsync)
            .WithName("ClaimAlliance")
            .WithSummary("Claim a sub-domain for a new alliance")
            .WithDescription("Creates the alliance, its schema and its first organizer key in one transaction. The organizer key is returned once.")
            .AllowAnonymous()
            .Validates<Request>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Results<Created<Response>, ProblemHttpResult>> HandleAsync(
        Request request, AllianceProvisioner provisioner, CanonicalUrls urls, ClaimLimits limits, HttpContext http,
        CancellationToken cancellationToken)
    {
        var subdomain = request.Subdomain.Trim().ToLowerInvariant();
        var verdict = SubdomainRules.Check(subdomain);
        if (verdict.Kind != SubdomainVerdictKind.Valid)
        {
            return SubdomainProblems.Unclaimable(verdict);
        }

        if (await limits.RejectAsync(http, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        ProvisionedAlliance alliance;
        try
        {
            alliance = await provisioner.ProvisionAsync(
                new AllianceClaim(subdomain, request.Name.Trim(), request.Region.Trim(), request.TimeZone,
                    request.Organizer.Name.Trim(), request.Organizer.Email.Trim()),
                cancellationToken);
        }
        catch (SubdomainTakenException)
        {
            return ApiProblems.Problem(409, ProblemTypes.SubdomainTaken, "Sub-domain taken", $"'{subdomain}' is already claimed by another alliance.");
        }

        var url = urls.Alliance(alliance.Subdomain);
        return TypedResults.Created(url + "/v1/alliance", new Response(
            alliance.Id, alliance.Subdomain, alliance.Name, alliance.Region, alliance.TimeZone, "active", url,
            alliance.SchemaVersion, alliance.CreatedAt, alliance.CreatedAt, alliance.OrganizerKey));
    }
}
