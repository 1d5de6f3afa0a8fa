using Alliances.Api.Features.Alliance;
using Alliances.Api.Features.Meetings;
using Alliances.Api.Features.Priorities;
using Alliances.Api.Features.Spaces;

namespace Alliances.Api.Pages;

/// <summary>What the layout needs: the title, where "home" is, and the site name in the header.</summary>
public sealed record LayoutModel(string Title, string SiteName, string HomeUrl, string? Description = null);

/// <summary>A space as a card or a page shows it: the API's view plus what is computed at the space's own clock.</summary>
public sealed record SpaceSummary(SpaceView Space, bool OpenNow, string TodaysHours, string? PriceRange, string PageUrl, string SpaceApiUrl);

/// <summary>An upcoming meeting with its seats, and the host space's name and page when a member space hosts it.</summary>
public sealed record MeetingSummary(MeetingView Meeting, RsvpCounts Counts, string When, string? HostName, string? HostUrl);

/// <summary>A decision from a held meeting's minutes.</summary>
public sealed record DecisionSummary(string Text, string MeetingTitle, DateOnly Date);

public sealed record AllianceHomeModel(
    AllianceProfile Alliance,
    IReadOnlyList<SpaceSummary> Spaces,
    IReadOnlyList<MeetingSummary> Meetings,
    IReadOnlyList<PriorityView> Priorities,
    IReadOnlyList<DecisionSummary> Decisions,
    string CalendarUrl,
    string WebcalUrl);

public sealed record SpacePageModel(AllianceProfile Alliance, SpaceSummary Summary, IReadOnlyList<string> WeekHours, IReadOnlyList<MeetingSummary> Meetings);

public sealed record NotFoundModel(string SiteName, string HomeUrl, string What);
