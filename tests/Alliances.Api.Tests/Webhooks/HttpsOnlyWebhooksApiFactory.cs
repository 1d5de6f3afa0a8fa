namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// <see cref="WebhooksApiFactory"/> with plain http off, as in every deployed environment: loopback receivers are still
/// reachable, so a request that gets through the https rule would be seen by the receiver.
/// </summary>
public sealed class HttpsOnlyWebhooksApiFactory : WebhooksApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Alliances:Webhooks:AllowHttp"] = "false";
            return settings;
        }
    }
}
