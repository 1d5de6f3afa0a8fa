namespace Alliances.Api.Data.Entities;

/// <summary>
/// Where a priority's effort goes. The first three are the areas alliances that work keep coming back to: helping people
/// open a space, helping members with worthwhile projects, and helping spaces invest in tools and projects.
/// </summary>
public enum PriorityArea
{
    SupportNewSpaces,
    MemberProjects,
    ToolsAndInvestment,
    Community,
    Other,
}
