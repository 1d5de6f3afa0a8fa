namespace Alliances.Tenancy.Endpoints;

/// <summary>Which kind of host an endpoint is served on. Attached as endpoint metadata; the resolution middleware enforces it.</summary>
public enum HostScope
{
    /// <summary>Only on the apex: claims, the directory, operator actions.</summary>
    Platform,

    /// <summary>Only on an alliance host, inside that alliance's context.</summary>
    Alliance,

    /// <summary>On every host, without tenant resolution: health, docs, the OpenAPI document.</summary>
    Any,
}
