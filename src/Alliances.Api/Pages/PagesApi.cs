using Alliances.Tenancy.Endpoints;

namespace Alliances.Api.Pages;

/// <summary>
/// The public face: server-rendered HTML (RazorSlices: typed models, HTML-encoded output by default, no JavaScript and no
/// MVC). Alliance pages live on the alliance's host, the directory and the claim form on the apex; both have a page at
/// <c>/</c>, which <see cref="HostScopeMatcherPolicy"/> tells apart by host. Pages are left out of the OpenAPI document:
/// they are for people, and the same data is in the API under <c>/v1</c>.
/// </summary>
public static class PagesApi
{
    public static IServiceCollection AddPublicPages(this IServiceCollection services)
    {
        services.AddScoped<AlliancePageData>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "alliances-af";
            options.FormFieldName = "__af";
        });
        return services;
    }

    public static WebApplication MapPublicPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        StaticAssets.Map(app);
        var alliance = app.MapGroup("").OnAllianceHost().AllowAnonymous().ExcludeFromDescription();
        AllianceHome.Map(alliance);
        SpacePage.Map(alliance);
        var platform = app.MapGroup("").OnPlatformHost().AllowAnonymous().ExcludeFromDescription();
        ApexHome.Map(platform);
        StartAlliance.Map(platform);
        return app;
    }
}
