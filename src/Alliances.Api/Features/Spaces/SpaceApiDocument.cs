using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// A SpaceAPI v15 document (https://spaceapi.io, schema 15.json): the required <c>api_compatibility</c>, <c>space</c>,
/// <c>logo</c>, <c>url</c> and <c>contact</c>, plus location, state and membership plans when the space has them.
/// Names are the schema's snake_case, fixed by attribute so that the API's camelCase policy cannot touch them.
/// </summary>
public sealed record SpaceApiDocument(
    [property: JsonPropertyName("api_compatibility")] IReadOnlyList<string> ApiCompatibility,
    [property: JsonPropertyName("space")] string Space,
    [property: JsonPropertyName("logo")] string Logo,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("location")] SpaceApiDocument.SpaceApiLocation? Location,
    [property: JsonPropertyName("state")] SpaceApiDocument.SpaceApiState? State,
    [property: JsonPropertyName("contact")] SpaceApiDocument.SpaceApiContact Contact,
    [property: JsonPropertyName("membership_plans")] IReadOnlyList<SpaceApiDocument.SpaceApiMembershipPlan>? MembershipPlans)
{
    /// <summary>
    /// SpaceAPI requires a logo. A space that has not given one gets this image on the platform host: a generic logo
    /// that is the same for every space, so the document stays valid and directory sites show a neutral picture rather
    /// than a broken link. The path is documented with the endpoint.
    /// </summary>
    public const string DefaultLogoPath = "/assets/spaceapi/default-space-logo.png";

    /// <summary>Serialises documents as SpaceAPI expects: no camelCase, and absent values left out rather than null.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record SpaceApiLocation(
        [property: JsonPropertyName("address")] string? Address,
        [property: JsonPropertyName("lat")] double? Lat,
        [property: JsonPropertyName("lon")] double? Lon,
        [property: JsonPropertyName("timezone")] string Timezone,
        [property: JsonPropertyName("country_code")] string? CountryCode);

    public sealed record SpaceApiState(
        [property: JsonPropertyName("open")] bool Open,
        [property: JsonPropertyName("message")] string Message);

    public sealed record SpaceApiContact(
        [property: JsonPropertyName("email")] string? Email,
        [property: JsonPropertyName("phone")] string? Phone);

    public sealed record SpaceApiMembershipPlan(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("value")] decimal Value,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName("billing_interval")] string BillingInterval);

    /// <summary>The document of <paramref name="space"/>; both URLs are canonical ones from configuration, never the request's Host.</summary>
    public static SpaceApiDocument From(Space space, string allianceUrl, string platformUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new SpaceApiDocument(
            ["15"],
            space.Name,
            space.LogoUrl ?? platformUrl + DefaultLogoPath,
            // SpaceAPI requires a website; without one, the space's own page in this API is the best URL there is.
            space.Website ?? $"{allianceUrl}/v1/spaces/{space.Id}",
            new SpaceApiLocation(AddressOf(space), space.Latitude, space.Longitude, space.TimeZone, space.AddressCountryCode),
            StateOf(space, now),
            new SpaceApiContact(space.Email, space.Phone),
            space.MembershipPlans.Count == 0
                ? null
                : [.. space.MembershipPlans.Select(p => new SpaceApiMembershipPlan(
                    p.Name, decimal.Parse(p.Price.Amount, CultureInfo.InvariantCulture), p.Price.Currency, IntervalOf(p.Interval)))]);
    }

    /// <summary>
    /// "state" says whether the space is open right now. A space that is not open for business is closed; an open space
    /// is open or closed by its opening hours, read in its own time zone (there is no live sensor, and holidays are not
    /// modelled yet, as the message says). An open space without hours leaves state out: SpaceAPI's "not implemented".
    /// </summary>
    public static SpaceApiState? StateOf(Space space, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Status switch
        {
            SpaceStatus.Planning => new SpaceApiState(false, "This space is being planned and is not open yet."),
            SpaceStatus.Opening => new SpaceApiState(false, "This space is opening soon."),
            SpaceStatus.Closed => new SpaceApiState(false, "This space has closed."),
            _ when space.OpeningHours.Count == 0 => null,
            _ when SpaceHours.IsOpenAt(space, now) => new SpaceApiState(true, "Open now by the posted opening hours."),
            _ => new SpaceApiState(false, "Closed now by the posted opening hours."),
        };
    }

    private static string? AddressOf(Space space)
    {
        var regionAndPostalCode = string.Join(' ', new[] { space.AddressRegion, space.AddressPostalCode }.Where(p => p is not null));
        var parts = new[] { space.AddressStreet, space.AddressCity, regionAndPostalCode, space.AddressCountryCode }
            .Where(p => !string.IsNullOrEmpty(p))
            .ToArray();
        return parts.Length == 0 ? null : string.Join(", ", parts);
    }

    private static string IntervalOf(BillingInterval interval) => interval switch
    {
        BillingInterval.Day => "daily",
        BillingInterval.Week => "weekly",
        BillingInterval.Month => "monthly",
        BillingInterval.Year => "yearly",
        _ => "other",
    };
}
