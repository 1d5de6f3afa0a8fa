using Alliances.Tenancy.Resolution;

namespace Alliances.Api.Infrastructure.Problems;

/// <summary>Stable <c>type</c> URIs, one per kind of error. Clients switch on these, so they never change once published.</summary>
public static class ProblemTypes
{
    public const string BaseUri = TenancyProblems.BaseUri;
    public const string Validation = BaseUri + "validation";
    public const string MalformedJson = BaseUri + "malformed-json";
    public const string NotFound = BaseUri + "not-found";
    public const string MethodNotAllowed = BaseUri + "method-not-allowed";
    public const string UnsupportedMediaType = BaseUri + "unsupported-media-type";
    public const string PayloadTooLarge = BaseUri + "payload-too-large";
    public const string Unauthorized = BaseUri + "unauthorized";
    public const string Forbidden = BaseUri + "forbidden";
    public const string Internal = BaseUri + "internal";
    public const string DatabaseUnavailable = BaseUri + "database-unavailable";
    public const string KeyInQueryString = BaseUri + "key-in-query-string";
    public const string SubdomainTaken = BaseUri + "subdomain-taken";
    public const string SubdomainInvalid = BaseUri + "subdomain-invalid";
    public const string SubdomainReserved = BaseUri + "subdomain-reserved";
    public const string InvalidState = BaseUri + "invalid-state-transition";
    public const string LastOrganizerKey = BaseUri + "last-organizer-key";
    public const string PreconditionFailed = BaseUri + "precondition-failed";
    public const string PreconditionRequired = BaseUri + "precondition-required";
    public const string SlugTaken = BaseUri + "slug-taken";
    public const string AlreadyWelcomed = BaseUri + "already-welcomed";
    public const string AgendaTooLong = BaseUri + "agenda-too-long";
    public const string MeetingCancelled = BaseUri + "meeting-cancelled";
    public const string MeetingHeld = BaseUri + "meeting-held";
    public const string MeetingNotStarted = BaseUri + "meeting-not-started";
    public const string RsvpsClosed = BaseUri + "rsvps-closed";
    public const string UnknownPriority = BaseUri + "unknown-priority";
    public const string InvalidPriorityTransition = BaseUri + "invalid-priority-transition";
    public const string PriorityLimitReached = BaseUri + "priority-limit-reached";
    public const string PriorityLimitBelowActive = BaseUri + "priority-limit-below-active";
    public const string PriorityNotAnIdea = BaseUri + "priority-not-an-idea";
    public const string PriorityNotDeletable = BaseUri + "priority-not-deletable";
    public const string PriorityOrderMismatch = BaseUri + "priority-order-mismatch";
    public const string RankOutOfRange = BaseUri + "rank-out-of-range";
    public const string UnknownSpace = BaseUri + "unknown-space";
    public const string RateLimited = BaseUri + "rate-limited";
    public const string IdempotencyKeyInvalid = BaseUri + "idempotency-key-invalid";
    public const string IdempotencyKeyReused = BaseUri + "idempotency-key-reused";
    public const string IdempotencyKeyInFlight = BaseUri + "idempotency-key-in-flight";
    public const string WebhookInactive = BaseUri + "webhook-inactive";

    /// <summary>The default type for a bare status code (404 from routing, 405, 415, …).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => Validation,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => DatabaseUnavailable,
        _ => Internal,
    };
}
