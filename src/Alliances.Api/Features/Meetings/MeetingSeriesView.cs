using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// A meeting series as the API shows it. Its meetings are ordinary meetings: list them with
/// <c>GET /v1/meetings?seriesId=…</c>.
/// </summary>
public sealed record MeetingSeriesView(
    Guid Id,
    string Title,
    string? Description,
    string Rrule,
    DateOnly StartDate,
    string StartTime,
    int DurationMinutes,
    string TimeZone,
    IReadOnlyList<Guid> HostSpaceIds,
    string? Location,
    string? OnlineUrl,
    int? Capacity,
    IReadOnlyList<AgendaSegment> Agenda,
    int MeetingCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingSeriesView From(MeetingSeries series, int meetingCount)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new MeetingSeriesView(
            series.Id, series.Title, series.Description, series.Rule, series.StartDate, MeetingSeriesWrite.TimeText(series.StartTime),
            series.DurationMinutes, series.TimeZone, series.HostSpaceIds, series.Location, series.OnlineUrl, series.Capacity, series.Agenda,
            meetingCount, series.CreatedAt, series.UpdatedAt);
    }

    public static string ETagOf(MeetingSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return EntityTags.For(series.Id, series.Version);
    }
}
