using Alliances.Api.Features.Alliance;
using Alliances.Api.Features.ApiKeys;
using Alliances.Tenancy.Endpoints;

namespace Alliances.Api.Features;

/// <summary>The routes of an alliance's host. Every one runs inside that alliance's tenant context.</summary>
public static class AllianceApi
{
    public static IServiceCollection AddAllianceFeatures(this IServiceCollection services) => services;

    public static WebApplication MapAllianceApi(this WebApplication app)
    {
        var group = app.MapGroup("/v1").OnAllianceHost();
        GetAlliance.Map(group.MapGroup("").WithTags("Alliance"));
        ApiKeysApi.Map(group.MapGroup("").WithTags("API keys"));
        return app;
    }
}
