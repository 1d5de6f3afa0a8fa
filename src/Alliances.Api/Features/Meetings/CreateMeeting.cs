using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>POST /v1/meetings</c> (organizer): schedule a meeting. Required: <c>title</c>, <c>startsAt</c>, and <c>endsAt</c> or
/// <c>durationMinutes</c>. Without an agenda the meeting gets the alliance's default format, cut to fit a shorter
/// meeting; a given agenda that runs past the end is a 422 that says by how many minutes. A past meeting can be created too, to record one that was held. Emits
/// <c>meeting.scheduled</c>.
/// </summary>
public static class CreateMeeting
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/meetings", HandleAsync)
            .WithName("CreateMeeting")
            .WithSummary("Schedule a meeting")
            .WithDescription("startsAt and endsAt are instants (UTC with Z, or with an offset); instead of endsAt, durationMinutes " +
                             "(not both). timeZone (IANA) says where the wall clock is and defaults to the alliance's. Give " +
                             "hostSpaceId or a free-text location, not both. Without agenda the meeting gets the alliance's default " +
                             "format, a structured and a social segment, cut to fit a shorter meeting. A given agenda must fit in the " +
                             "meeting, or the answer is 422 agenda-too-long with overByMinutes.")
            .RequireAuthorization(Policies.Organizer)
            .Validates<MeetingWrite>()
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Created<MeetingView>, ProblemHttpResult>> HandleAsync(
        MeetingWrite request, AllianceDbContext db, ITenantContextAccessor tenants, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        request = request.WithEnd();
        if (await MeetingReferences.UnknownSpaceAsync(db, "hostSpaceId", request.HostSpaceId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        var agenda = request.AgendaOr(settings);
        if (AgendaRules.CheckFits(agenda, request.Minutes, isDefault: request.Agenda is null) is { } tooLong)
        {
            return tooLong;
        }

        var now = MeetingRules.ToMicroseconds(clock.GetUtcNow());
        var meeting = new Meeting
        {
            Id = Guid.CreateVersion7(),
            Title = "",
            TimeZone = tenants.Required.TimeZone,
            Status = MeetingStatus.Scheduled,
            CreatedAt = now,
            UpdatedAt = now,
        };
        request.ApplyTo(meeting, tenants.Required.TimeZone, agenda);
        db.Meetings.Add(meeting);
        db.AddEvent(WebhookEventTypes.MeetingScheduled, MeetingView.From(meeting), http);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = MeetingView.ETagOf(meeting);
        return TypedResults.Created($"/v1/meetings/{meeting.Id}", MeetingView.From(meeting));
    }
}
