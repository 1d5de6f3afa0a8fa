namespace Alliances.Api.Features.Priorities;

/// <summary>The documented limits of a priority's fields, shared by the validators, the entity configuration and the docs.</summary>
public static class PriorityRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxOwnerNameLength = 120;
    public const int MaxProgressNotesLength = 4000;
    public const int MaxReasonLength = 1000;

    /// <summary>A reorder names every active priority, and there are never more than the highest possible limit.</summary>
    public const int MaxOrderIds = Alliance.AllianceWrite.MaxActivePrioritiesLimit;
}
