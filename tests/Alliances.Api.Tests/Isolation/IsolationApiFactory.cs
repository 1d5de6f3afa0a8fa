using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// The API on a database of its own: the isolation tests compare snapshots of whole alliances, so no background work
/// of another test class (the webhook tests' dispatcher above all) may change those alliances while they look.
/// </summary>
public sealed class IsolationApiFactory : ApiFactory
{
    protected override bool SeparateDatabase => true;
}
