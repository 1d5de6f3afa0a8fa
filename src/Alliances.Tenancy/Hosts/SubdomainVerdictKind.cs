namespace Alliances.Tenancy.Hosts;

/// <summary>The three possible outcomes of <see cref="SubdomainRules.Check(string)"/>.</summary>
public enum SubdomainVerdictKind
{
    // Invalid is the zero value so that an uninitialised kind never reads as "claimable".
    Invalid = 0,
    Valid = 1,
    Reserved = 2,
}
