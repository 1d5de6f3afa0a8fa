using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>POST /v1/meeting-series</c> (organizer): a recurring meeting. The rule is expanded with Ical.Net and every
/// occurrence is created at once as an ordinary meeting, which can then be edited, cancelled and RSVPed one by one.
/// At most <see cref="SeriesOccurrences.MaxOccurrences"/> meetings within two years of <c>startDate</c>; a rule that
/// gives more is a 400 on <c>rrule</c> (the series is not silently cut short). Every occurrence is a meeting of its
/// own from then on (its later updates, cancellation and RSVPs emit events about it), so each one emits
/// <c>meeting.scheduled</c> here, in the same SaveChanges; there is no event for the series itself.
/// </summary>
public static class CreateMeetingSeries
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/meeting-series", HandleAsync)
            .WithName("CreateMeetingSeries")
            .WithSummary("Create a recurring meeting series and its meetings")
            .WithDescription("rrule is a subset of RFC 5545 RRULE: FREQ=WEEKLY or MONTHLY, BYDAY (ordinals such as 2TU need MONTHLY), " +
                             "INTERVAL, and COUNT or UNTIL. startDate (local) is where the rule starts; the first meeting is the first " +
                             "date on or after it that matches. Every meeting starts at the local startTime in timeZone, whatever the " +
                             "UTC offset that day. At most 100 meetings, within two years of startDate.")
            .RequireAuthorization(Policies.Organizer)
            .Validates<MeetingSeriesWrite>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<MeetingSeriesView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        MeetingSeriesWrite request, AllianceDbContext db, ITenantContextAccessor tenants, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(http);
        if (await MeetingReferences.UnknownSpacesAsync(db, request.HostReferences(), cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        var agenda = request.AgendaOr(settings);
        if (AgendaRules.CheckFits(agenda, request.DurationMinutes!.Value, isDefault: request.Agenda is null) is { } tooLong)
        {
            return tooLong;
        }

        var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
        if (!TryBuild(request, tenants.Required.TimeZone, agenda, now, out var series, out var meetings, out var error))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["rrule"] = [error] });
        }

        db.MeetingSeries.Add(series);
        db.Meetings.AddRange(meetings);
        foreach (var meeting in meetings)
        {
            db.AddEvent(WebhookEventTypes.MeetingScheduled, MeetingView.From(meeting), http);
        }

        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = MeetingSeriesView.ETagOf(series);
        return TypedResults.Created($"/v1/meeting-series/{series.Id}", MeetingSeriesView.From(series, meetings.Count));
    }

    /// <summary>
    /// The series and its meetings from a validated write, or the reason its rule cannot be used. Shared with the demo
    /// seed, so the demo's series is exactly what the API would create.
    /// </summary>
    public static bool TryBuild(
        MeetingSeriesWrite request, string defaultTimeZone, List<AgendaSegment> agenda, DateTimeOffset now,
        out MeetingSeries series, out List<Meeting> meetings, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeZone = request.TimeZone ?? defaultTimeZone;
        if (!SeriesRule.TryRead(request.Rrule, out var parts, out error))
        {
            series = null!;
            meetings = [];
            return false;
        }

        var pattern = SeriesRule.ToPattern(parts, timeZone);
        series = new MeetingSeries
        {
            Id = Guid.CreateVersion7(),
            Title = "",
            Rule = SeriesRule.Text(pattern),
            StartDate = request.StartDate!.Value,
            TimeZone = timeZone,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        request.ApplyTo(series, agenda);
        if (!SeriesOccurrences.TryExpand(
                pattern, series.StartDate, series.StartTime, series.DurationMinutes, timeZone, out var occurrences, out error))
        {
            meetings = [];
            return false;
        }

        var created = series;
        meetings = [.. occurrences.Select(o => SeriesOccurrences.NewMeeting(created, o, now))];
        return true;
    }
}
