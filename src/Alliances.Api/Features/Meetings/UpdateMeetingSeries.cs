using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>PATCH /v1/meeting-series/{id}</c> (organizer): a JSON Merge Patch of the series. The change is carried to the
/// series' meetings that are still ahead (start after now), still scheduled, and not edited individually; past,
/// cancelled, held and individually edited meetings keep what they have. Times are rebuilt from each occurrence's
/// local date, so a new <c>startTime</c> is the same wall-clock time on every date. <c>rrule</c>, <c>startDate</c>
/// and <c>timeZone</c> decide which meetings exist and cannot be changed (400); create a new series instead.
/// <c>If-Match</c> is optional; a stale one is 412. The series and its affected meetings are locked and written in
/// one transaction. Each meeting the edit actually changes emits <c>meeting.updated</c> (receivers know meetings, not
/// series), and each waitlisted person it seats <c>rsvp.promoted_from_waitlist</c>, in that transaction.
/// </summary>
public static class UpdateMeetingSeries
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPatch("/meeting-series/{id:guid}", HandleAsync)
            .WithName("UpdateMeetingSeries")
            .WithSummary("Change a meeting series and its future meetings (JSON Merge Patch)")
            .WithDescription("Changes reach the series' future, scheduled meetings that were not edited one by one. rrule, startDate " +
                             "and timeZone are fixed. The result must pass the same rules as a create, including that the agenda fits.")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsMergePatch<MeetingSeriesWrite>()
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<MeetingSeriesView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        [FromBody] JsonElement patch,
        AllianceDbContext db,
        IValidator<MeetingSeriesWrite> validator,
        IOptions<JsonOptions> json,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(http);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var series = await db.MeetingSeries.FromSql($"SELECT * FROM meeting_series WHERE id = {id} FOR UPDATE")
            .AsTracking().FirstOrDefaultAsync(cancellationToken);
        if (series is null)
        {
            return MeetingProblems.SeriesNotFound();
        }

        if (EntityTags.IfMatchFails(http.Request, MeetingSeriesView.ETagOf(series)))
        {
            return MeetingProblems.Stale("meeting series");
        }

        var write = JsonMergePatch.Apply(MeetingSeriesWrite.From(series), patch, json.Value.SerializerOptions);
        var fixedFields = new Dictionary<string, string[]>();
        if (write.Rrule != series.Rule)
        {
            fixedFields["rrule"] = ["rrule is fixed once a series is created: it decides which meetings exist. Create a new series instead."];
        }

        if (write.StartDate != series.StartDate)
        {
            fixedFields["startDate"] = ["startDate is fixed once a series is created. Create a new series instead."];
        }

        if (write.TimeZone != series.TimeZone)
        {
            fixedFields["timeZone"] = ["timeZone is fixed once a series is created; a meeting can still move to another time zone on its own."];
        }

        if (fixedFields.Count > 0)
        {
            return ApiProblems.Validation(fixedFields);
        }

        var validation = await validator.ValidateAsync(write, cancellationToken);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.ToDictionary());
        }

        var newHosts = write.HostReferences().Where(h => !series.HostSpaceIds.Contains(h.Id)).ToList();
        if (await MeetingReferences.UnknownSpacesAsync(db, newHosts, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        var agenda = write.AgendaOr(settings);
        if (AgendaRules.CheckFits(agenda, write.DurationMinutes!.Value, isDefault: write.Agenda is null) is { } tooLong)
        {
            return tooLong;
        }

        write.ApplyTo(series, agenda);
        if (db.ChangeTracker.HasChanges())
        {
            var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
            series.Version++;
            series.UpdatedAt = now;
            await CarryToFutureMeetingsAsync(db, series, now, http, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = MeetingSeriesView.ETagOf(series);
        var count = await db.Meetings.CountAsync(m => m.SeriesId == id, cancellationToken);
        return TypedResults.Ok(MeetingSeriesView.From(series, count));
    }

    private static async Task CarryToFutureMeetingsAsync(
        AllianceDbContext db, MeetingSeries series, DateTimeOffset now, HttpContext http, CancellationToken cancellationToken)
    {
        var meetings = await db.Meetings
            .FromSql($"""
                      SELECT * FROM meetings
                      WHERE series_id = {series.Id} AND status = 'scheduled' AND NOT edited_individually AND starts_at > {now}
                      ORDER BY starts_at, id
                      FOR UPDATE
                      """)
            .AsTracking()
            .ToListAsync(cancellationToken);
        foreach (var meeting in meetings)
        {
            var capacityBefore = meeting.Capacity;
            SeriesOccurrences.Apply(series, meeting);
            db.ChangeTracker.DetectChanges();
            if (db.Entry(meeting).State != EntityState.Modified)
            {
                continue;
            }

            meeting.Sequence++;
            meeting.UpdatedAt = now;
            if (meeting.Capacity is null || meeting.Capacity > capacityBefore)
            {
                await Waitlist.PromoteAsync(db, meeting, now, http, cancellationToken);
            }

            db.AddEvent(WebhookEventTypes.MeetingUpdated, MeetingView.From(meeting), http);
        }
    }
}
