namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Every test class that needs a running dispatcher shares one <see cref="WebhooksApiFactory"/>. The test servers share
/// one database and a dispatcher works every alliance in it, so with a factory per class, a class finishing stopped
/// its dispatcher in the middle of another class's delivery: the attempt went unrecorded and was sent again after the
/// lease, which made timing tests such as RecordATimeout fail at random. With one factory for the run, the only
/// dispatcher lives until the last of these classes is done. (The classes run one after another, not in parallel.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedWebhookDispatcher : ICollectionFixture<WebhooksApiFactory>
{
    public const string Name = "Webhook dispatcher";
}
