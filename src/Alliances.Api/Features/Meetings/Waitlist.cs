using System.Collections.ObjectModel;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// Seats and the waitlist of one meeting. Callers hold the meeting's row lock (<see cref="MeetingLocks"/>) and have saved
/// their own change first, so the counts read here are the committed truth plus this transaction's writes.
/// </summary>
public static class Waitlist
{
    /// <summary>"yes" answers that hold a seat.</summary>
    public static Task<int> ConfirmedAsync(AllianceDbContext db, Guid meetingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.MeetingRsvps.CountAsync(r => r.MeetingId == meetingId && r.Response == RsvpResponse.Yes && !r.Waitlisted, cancellationToken);
    }

    /// <summary>
    /// Moves waitlisted "yes" answers into free seats, first come first served (by the time they were waitlisted, then
    /// id), and stages one <c>rsvp.promoted_from_waitlist</c> per seated RSVP. Returns how many were promoted; the
    /// caller saves them (and so their events) in the same transaction.
    /// </summary>
    public static async Task<int> PromoteAsync(
        AllianceDbContext db, Meeting meeting, DateTimeOffset now, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meeting);
        var free = meeting.Capacity is { } capacity ? capacity - await ConfirmedAsync(db, meeting.Id, cancellationToken) : int.MaxValue;
        if (free <= 0)
        {
            return 0;
        }

        var promoted = await db.MeetingRsvps.AsTracking()
            .Where(r => r.MeetingId == meeting.Id && r.Waitlisted)
            .OrderBy(r => r.WaitlistedAt).ThenBy(r => r.Id)
            .Take(free)
            .ToListAsync(cancellationToken);
        foreach (var rsvp in promoted)
        {
            rsvp.Waitlisted = false;
            rsvp.WaitlistedAt = null;
            rsvp.UpdatedAt = now;
            // Seated now, so it has no waitlist place: no positions are needed for its view.
            db.AddEvent(WebhookEventTypes.RsvpPromotedFromWaitlist, RsvpView.From(rsvp, ReadOnlyDictionary<Guid, int>.Empty), http);
        }

        return promoted.Count;
    }

    /// <summary>1-based places on the waitlist of a meeting, by RSVP id.</summary>
    public static async Task<Dictionary<Guid, int>> PositionsAsync(AllianceDbContext db, Guid meetingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var order = await db.MeetingRsvps
            .Where(r => r.MeetingId == meetingId && r.Waitlisted)
            .OrderBy(r => r.WaitlistedAt).ThenBy(r => r.Id)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        return order.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index + 1);
    }
}
