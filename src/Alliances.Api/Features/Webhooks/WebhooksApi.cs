namespace Alliances.Api.Features.Webhooks;

/// <summary>The <c>/v1/webhooks</c> routes.</summary>
public static class WebhooksApi
{
    public static void Map(RouteGroupBuilder group)
    {
        CreateWebhook.Map(group);
        ListWebhooks.Map(group);
        GetWebhook.Map(group);
        UpdateWebhook.Map(group);
        DeleteWebhook.Map(group);
        RotateWebhookSecret.Map(group);
        ListWebhookDeliveries.Map(group);
        RedeliverWebhook.Map(group);
        PingWebhook.Map(group);
    }
}
