using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

/// <summary>
/// An API host whose tests share one alliance, for tests that only read it or that each touch their own space (a claim
/// per validation case would make those tests slow without making them more independent).
/// </summary>
public sealed class SharedAllianceFactory : ApiFactory
{
    private readonly Lazy<Task<ClaimedAlliance>> _alliance;

    public SharedAllianceFactory() => _alliance = new(() => ClaimAsync());

    public Task<ClaimedAlliance> SharedAllianceAsync() => _alliance.Value;
}
