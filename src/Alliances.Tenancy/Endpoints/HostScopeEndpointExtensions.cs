using Microsoft.AspNetCore.Builder;

namespace Alliances.Tenancy.Endpoints;

/// <summary>Declares on which hosts a route or group is served.</summary>
public static class HostScopeEndpointExtensions
{
    private static readonly HostScopeMetadata PlatformScope = new(HostScope.Platform);
    private static readonly HostScopeMetadata AllianceScope = new(HostScope.Alliance);
    private static readonly HostScopeMetadata AnyScope = new(HostScope.Any);

    public static TBuilder OnPlatformHost<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PlatformScope);

    public static TBuilder OnAllianceHost<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AllianceScope);

    public static TBuilder OnEveryHostWithoutTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AnyScope);
}
