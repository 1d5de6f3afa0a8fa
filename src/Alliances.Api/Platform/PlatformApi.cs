using Alliances.Api.Platform.Alliances;
using Alliances.Api.Platform.Demo;
using Alliances.Api.Platform.Operator;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Platform.Schema;
using Alliances.Tenancy.Endpoints;

namespace Alliances.Api.Platform;

/// <summary>The platform host's routes (the apex): claims, the directory, availability and operator actions.</summary>
public static class PlatformApi
{
    public static IServiceCollection AddPlatform(this IServiceCollection services)
    {
        services.AddSingleton<PlatformSchemaState>();
        services.AddSingleton<PlatformSchemaMigrator>();
        services.AddSingleton<AllianceProvisioner>();
        services.AddSingleton<IProvisioningObserver, NoProvisioningObserver>();
        services.AddSingleton<AllianceStateChanger>();
        services.AddSingleton<ClaimLimits>();
        services.AddSingleton<DemoAllianceSeeder>();
        services.AddHostedService<PlatformStartup>();
        return services;
    }

    public static WebApplication MapPlatformApi(this WebApplication app)
    {
        var group = app.MapGroup("/v1").OnPlatformHost().WithTags("Platform");
        ClaimAlliance.Map(group);
        ListAlliances.Map(group);
        CheckSubdomain.Map(group);
        SuspendAlliance.Map(group);
        ResumeAlliance.Map(group);
        DeleteAlliance.Map(group);
        IssueOrganizerKey.Map(group);
        return app;
    }
}
