namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// <see cref="WebhooksApiFactory"/> with plain http off, as in every deployed environment: loopback receivers are still
/// reachable, so a request that gets through the https rule would be seen by the receiver. Its dispatcher is off and
/// tests here run <see cref="Alliances.Api.Infrastructure.Outbox.WebhookDeliveryRunner"/> themselves, on a database of
/// this factory's own (inherited), so no other dispatcher can deliver its work either.
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
