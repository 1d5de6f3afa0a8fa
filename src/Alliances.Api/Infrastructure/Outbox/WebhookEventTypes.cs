namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>The event types a subscription can ask for. Names are stable: receivers switch on them.</summary>
public static class WebhookEventTypes
{
    public const string SpaceCreated = "space.created";
    public const string SpaceUpdated = "space.updated";
    public const string SpaceWelcomed = "space.welcomed";
    public const string MeetingScheduled = "meeting.scheduled";
    public const string MeetingUpdated = "meeting.updated";
    public const string MeetingCancelled = "meeting.cancelled";
    public const string MeetingHeld = "meeting.held";
    public const string RsvpCreated = "rsvp.created";
    public const string RsvpPromotedFromWaitlist = "rsvp.promoted_from_waitlist";
    public const string PriorityProposed = "priority.proposed";
    public const string PriorityPromoted = "priority.promoted";
    public const string PriorityAchieved = "priority.achieved";
    public const string PriorityDropped = "priority.dropped";

    /// <summary>Sent by <c>POST /v1/webhooks/{id}/ping</c> to that subscription only, whatever it subscribed to.</summary>
    public const string Ping = "webhook.ping";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SpaceCreated, SpaceUpdated, SpaceWelcomed, MeetingScheduled, MeetingUpdated, MeetingCancelled, MeetingHeld,
        RsvpCreated, RsvpPromotedFromWaitlist, PriorityProposed, PriorityPromoted, PriorityAchieved, PriorityDropped,
    };
}
