namespace Alliances.Api.Data.Entities;

/// <summary>healthy → failing (a retry schedule was exhausted) → disabled (repeatedly, or a 410 Gone).</summary>
public enum WebhookState
{
    Healthy,
    Failing,
    Disabled,
}
