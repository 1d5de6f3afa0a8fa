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
    public const string ConfirmationMismatch = BaseUri + "confirmation-mismatch";
    public const string InvalidState = BaseUri + "invalid-state-transition";
    public const string LastOrganizerKey = BaseUri + "last-organizer-key";
    public const string PreconditionFailed = BaseUri + "precondition-failed";
    public const string PreconditionRequired = BaseUri + "precondition-required";

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
        503 => DatabaseUnavailable,
        _ => Internal,
    };
}
