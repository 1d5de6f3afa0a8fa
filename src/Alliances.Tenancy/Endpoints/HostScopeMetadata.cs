namespace Alliances.Tenancy.Endpoints;

/// <summary>Endpoint metadata carrying the <see cref="HostScope"/> of a route.</summary>
public sealed record HostScopeMetadata(HostScope Scope);
