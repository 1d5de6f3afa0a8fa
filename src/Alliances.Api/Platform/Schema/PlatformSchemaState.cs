namespace Alliances.Api.Platform.Schema;

/// <summary>Whether this process has brought the platform schema up to date; readiness waits on it.</summary>
public sealed class PlatformSchemaState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
