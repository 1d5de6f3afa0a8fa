using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Hosts;

namespace Alliances.Api.Platform.Alliances;

/// <summary><c>GET /v1/subdomains/{label}</c>: can this label be claimed, and if not, why.</summary>
public static class CheckSubdomain
{
    /// <summary><c>reason</c> is <c>invalid</c>, <c>reserved</c> or <c>taken</c> when not available; <c>rule</c> names the broken label rule.</summary>
    public sealed record Response(string Subdomain, bool Available, string? Reason, string? Rule, string? Detail);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/subdomains/{label}", HandleAsync)
            .WithName("CheckSubdomain")
            .WithSummary("Check whether a sub-domain can be claimed")
            .AllowAnonymous()
            .AcceptsQuery();

    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<Response>> HandleAsync(
        string label, IAllianceCatalogStore catalog, CancellationToken cancellationToken)
    {
        var subdomain = label.Trim().ToLowerInvariant();
        var verdict = SubdomainRules.Check(subdomain);
        if (verdict.Kind == SubdomainVerdictKind.Invalid)
        {
            return TypedResults.Ok(new Response(subdomain, false, "invalid", verdict.Rule, verdict.Message));
        }

        if (verdict.Kind == SubdomainVerdictKind.Reserved)
        {
            return TypedResults.Ok(new Response(subdomain, false, "reserved", "reserved", "This name is reserved by the platform."));
        }

        // Straight to the store, not the cache: someone about to claim wants the answer as of now.
        var existing = await catalog.FindBySubdomainAsync(subdomain, cancellationToken);
        return existing is null
            ? TypedResults.Ok(new Response(subdomain, true, null, null, null))
            : TypedResults.Ok(new Response(subdomain, false, "taken", null, "Another alliance has claimed this sub-domain."));
    }
}
