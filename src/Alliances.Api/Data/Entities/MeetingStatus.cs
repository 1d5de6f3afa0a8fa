namespace Alliances.Api.Data.Entities;

/// <summary>Where a meeting stands. <c>cancelled</c> comes from the cancel action, <c>held</c> from recording minutes.</summary>
public enum MeetingStatus
{
    Scheduled,
    Cancelled,
    Held,
}
