namespace Alliances.Tenancy.Hosts;

/// <summary>What a request host addresses: the platform itself, one alliance, or nothing we serve.</summary>
public enum HostKind
{
    // Rejected is the zero value so that default(HostClassification) fails closed instead of routing somewhere.
    Rejected = 0,
    Platform = 1,
    Alliance = 2,
}
