namespace Alliances.Api.Platform.Provisioning;

/// <summary>Another live alliance holds the sub-domain (possibly claimed a moment ago by a concurrent request).</summary>
public sealed class SubdomainTakenException : Exception
{
    public SubdomainTakenException()
    {
    }

    public SubdomainTakenException(string subdomain) : base($"The sub-domain '{subdomain}' is already claimed.")
    {
    }

    public SubdomainTakenException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
