using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Alliance;

/// <summary><c>GET /v1/alliance</c>: the profile of the alliance whose host this is. Public.</summary>
public static class GetAlliance
{
    public sealed record Response(Guid Id, string Subdomain, string Name, string TimeZone, string Url);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/alliance", Handle)
            .WithName("GetAlliance")
            .WithSummary("Get this alliance's profile")
            .AllowAnonymous()
            .AcceptsQuery();

    public static Ok<Response> Handle(ITenantContextAccessor tenants, CanonicalUrls urls)
    {
        var tenant = tenants.Required;
        return TypedResults.Ok(new Response(tenant.AllianceId, tenant.Subdomain, tenant.Name, tenant.TimeZone, urls.Alliance(tenant.Subdomain)));
    }
}
