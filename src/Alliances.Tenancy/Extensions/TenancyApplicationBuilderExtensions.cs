using Alliances.Tenancy.Resolution;
using Microsoft.AspNetCore.Builder;

namespace Alliances.Tenancy.Extensions;

/// <summary>Adds tenant resolution to the pipeline. Call after <c>UseRouting</c> and before authentication.</summary>
public static class TenancyApplicationBuilderExtensions
{
    public static IApplicationBuilder UseTenantResolution(this IApplicationBuilder app) =>
        app.UseMiddleware<TenantResolutionMiddleware>();
}
