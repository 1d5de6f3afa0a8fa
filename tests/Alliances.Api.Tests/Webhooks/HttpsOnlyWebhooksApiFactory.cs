namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// <see cref="WebhooksApiFactory"/> with plain http off, as in every deployed environment: loopback receivers are still
/// reachable, so a request that gets through the https rule would be seen by the receiver. Its dispatcher is off: every
/// dispatcher-running test server shares one database, and one of them that allows http could deliver this server's
/// work; tests here seed deliveries silently and run <see cref="Alliances.Api.Infrastructure.Outbox.WebhookDeliveryRunner"/>
/// themselves.
/// </summary>
public sealed class HttpsOnlyWebhooksApiFactory : WebhooksApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Alliances:Webhooks:AllowHttp"] = "false";
            settings["Alliances:Webhooks:RunDispatcher"] = "false";
            return settings;
        }
    }
}
