namespace Alliances.Api.Features.Meetings;

/// <summary>
/// The <c>/v1/meetings</c> routes and what hangs under one meeting (agenda, RSVPs, attendance, minutes, its calendar
/// file), <c>/v1/meeting-series</c>, and the alliance's calendar feed <c>/v1/calendar.ics</c>.
/// </summary>
public static class MeetingsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        CreateMeeting.Map(group);
        ListMeetings.Map(group);
        GetMeeting.Map(group);
        UpdateMeeting.Map(group);
        CancelMeeting.Map(group);
        ReplaceAgenda.Map(group);
        ReorderAgenda.Map(group);
        RespondToMeeting.Map(group);
        ListRsvps.Map(group);
        GetRsvpCounts.Map(group);
        RecordAttendance.Map(group);
        ListAttendance.Map(group);
        RecordMinutes.Map(group);
        GetMinutes.Map(group);
        GetMeetingCalendar.Map(group);
        CreateMeetingSeries.Map(group);
        ListMeetingSeries.Map(group);
        GetMeetingSeries.Map(group);
        UpdateMeetingSeries.Map(group);
        GetCalendarFeed.Map(group);
    }
}
