using Alliances.Api.Features.Alliance;
using Alliances.Api.Features.ApiKeys;
using Alliances.Api.Features.Priorities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Browsers;
using Alliances.Tenancy.Endpoints;

namespace Alliances.Api.Features;

/// <summary>The routes of an alliance's host. Every one runs inside that alliance's tenant context.</summary>
public static class AllianceApi
{
    public static IServiceCollection AddAllianceFeatures(this IServiceCollection services) => services;

    public static WebApplication MapAllianceApi(this WebApplication app)
    {
        var group = app.MapGroup("/v1").OnAllianceHost().OpenPublicReadsToBrowsers();
        var alliance = group.MapGroup("").WithTags("Alliance");
        GetAlliance.Map(alliance);
        UpdateAlliance.Map(alliance);
        SpacesApi.Map(group.MapGroup("").WithTags("Spaces"));
        ApiKeysApi.Map(group.MapGroup("").WithTags("API keys"));
        PrioritiesApi.Map(group.MapGroup("").WithTags("Priorities"));
        Meetings.MeetingsApi.Map(group.MapGroup("").WithTags("Meetings"));
        Webhooks.WebhooksApi.Map(group.MapGroup("").WithTags("Webhooks"));
        return app;
    }
}
