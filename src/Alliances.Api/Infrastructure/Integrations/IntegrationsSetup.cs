using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.Integrations;

/// <summary>What third-party integrations rely on: rate limits, idempotent creates, and signed webhooks through an outbox.</summary>
public static class IntegrationsSetup
{
    public static IServiceCollection AddAlliancesIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAlliancesRateLimiting(configuration);
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton(sp => WebhookTargetPolicy.From(sp.GetRequiredService<IOptions<WebhookOptions>>().Value, sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<IWebhookResolver, DnsWebhookResolver>();
        services.AddSingleton<WebhookHttpClient>();
        services.AddScoped<WebhookDeliveryRunner>();
        services.AddSingleton<PendingAlliances>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
