using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// An RSVP with the person's name and email: shown to organizers in the list, and to whoever wrote it in the receipt.
/// <c>waitlisted</c> is true for a "yes" that has no seat yet; <c>waitlistPosition</c> is then its place (1 is next).
/// </summary>
public sealed record RsvpView(
    Guid Id,
    string Name,
    string Email,
    Guid? SpaceId,
    RsvpResponse Response,
    bool Waitlisted,
    int? WaitlistPosition,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RsvpView From(MeetingRsvp rsvp, IReadOnlyDictionary<Guid, int> positions)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(positions);
        return new RsvpView(rsvp.Id, rsvp.Name, rsvp.Email, rsvp.SpaceId, rsvp.Response, rsvp.Waitlisted,
            rsvp.Waitlisted && positions.TryGetValue(rsvp.Id, out var position) ? position : null, rsvp.CreatedAt, rsvp.UpdatedAt);
    }
}

/// <summary>
/// What anyone may know about a meeting's RSVPs: counts only. <c>yes</c> counts seated answers; waitlisted "yes"
/// answers are counted in <c>waitlisted</c> alone. <c>seatsLeft</c> is null when the meeting has no capacity.
/// </summary>
public sealed record RsvpCounts(Guid MeetingId, int Yes, int No, int Maybe, int Waitlisted, int? Capacity, int? SeatsLeft)
{
    public static async Task<RsvpCounts> ForAsync(AllianceDbContext db, Meeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meeting);
        var groups = await db.MeetingRsvps
            .Where(r => r.MeetingId == meeting.Id)
            .GroupBy(r => new { r.Response, r.Waitlisted })
            .Select(g => new { g.Key.Response, g.Key.Waitlisted, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(RsvpResponse response, bool waitlisted) =>
            groups.Where(g => g.Response == response && g.Waitlisted == waitlisted).Sum(g => g.Count);
        var yes = Count(RsvpResponse.Yes, false);
        return new RsvpCounts(meeting.Id, yes, Count(RsvpResponse.No, false), Count(RsvpResponse.Maybe, false), Count(RsvpResponse.Yes, true),
            meeting.Capacity, meeting.Capacity is { } capacity ? Math.Max(0, capacity - yes) : null);
    }

    /// <summary>The counts' entity tag: sent as the ETag header, never as a property of the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"rsvp-counts-{MeetingId:N}-{Yes}-{No}-{Maybe}-{Waitlisted}-{Capacity}\"";
}

/// <summary>The answer to an RSVP: the caller's own RSVP (with its waitlist place, if any) and the meeting's counts.</summary>
public sealed record RsvpReceipt(Guid MeetingId, RsvpView Rsvp, RsvpCounts Counts);
