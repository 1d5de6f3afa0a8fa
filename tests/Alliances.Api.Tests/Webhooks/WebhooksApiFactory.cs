using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// The API with loopback receivers allowed (test-only switch) over plain http (the receivers are http Kestrel servers),
/// fast retries, a 1 s timeout and a short lease. On a database of its own: a dispatcher works every alliance of the
/// database it runs on, so on the shared one it would deliver (and time, and retry) other test classes' webhooks, and
/// their load would slow its own timing tests.
/// </summary>
public class WebhooksApiFactory : ApiFactory
{
    protected override bool SeparateDatabase => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:Webhooks:AllowLoopbackForTests"] = "true",
        ["Alliances:Webhooks:AllowHttp"] = "true",
        ["Alliances:Webhooks:RunDispatcher"] = "true",
        ["Alliances:Webhooks:Timeout"] = "00:00:01",
        ["Alliances:Webhooks:RetrySchedule:0"] = "00:00:00.200",
        ["Alliances:Webhooks:RetrySchedule:1"] = "00:00:00.200",
        ["Alliances:Webhooks:RetrySchedule:2"] = "00:00:00.200",
        ["Alliances:Webhooks:Lease"] = "00:00:03",
        ["Alliances:Webhooks:SweepInterval"] = "00:00:00.300",
        ["Alliances:Webhooks:DisableAfterExhaustions"] = "2",
    };
}
