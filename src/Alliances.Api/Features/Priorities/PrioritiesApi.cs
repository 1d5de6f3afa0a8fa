namespace Alliances.Api.Features.Priorities;

/// <summary>The <c>/v1/priorities</c> routes: the ideas backlog, votes, the transition actions, the order and the history.</summary>
public static class PrioritiesApi
{
    public static void Map(RouteGroupBuilder group)
    {
        CreatePriority.Map(group);
        ListPriorities.Map(group);
        GetPriority.Map(group);
        UpdatePriority.Map(group);
        DeletePriority.Map(group);
        VoteForPriority.Map(group);
        WithdrawVote.Map(group);
        PromotePriority.Map(group);
        AchievePriority.Map(group);
        DropPriority.Map(group);
        ReopenPriority.Map(group);
        ReorderPriorities.Map(group);
        ListPriorityHistory.Map(group);
    }
}
