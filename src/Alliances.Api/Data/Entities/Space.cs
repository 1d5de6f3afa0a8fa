namespace Alliances.Api.Data.Entities;

/// <summary>
/// A member space of the alliance. Address and location are flat columns (they are filtered and shown, never queried as
/// a unit); opening hours and membership plans are small documents stored as jsonb; amenities are a text[] so a filter
/// on several tags stays one indexable predicate.
/// </summary>
public sealed class Space
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Unique within the alliance; lowercase words joined by hyphens.</summary>
    public required string Slug { get; set; }

    public SpaceKind Kind { get; set; }

    public SpaceStatus Status { get; set; }

    public string? Description { get; set; }

    public string? Website { get; set; }

    /// <summary>The space's logo. SpaceAPI requires one; documents fall back to a platform default when this is null.</summary>
    public string? LogoUrl { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? AddressStreet { get; set; }

    public string? AddressCity { get; set; }

    public string? AddressRegion { get; set; }

    public string? AddressPostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string? AddressCountryCode { get; set; }

    /// <summary>Set together with <see cref="Longitude"/>, or not at all (a check constraint holds the database to it).</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>IANA name; the alliance's time zone unless the space says otherwise.</summary>
    public required string TimeZone { get; set; }

    public string? Neighborhood { get; set; }

    public List<string> Amenities { get; init; } = [];

    public List<OpeningHours> OpeningHours { get; init; } = [];

    public List<MembershipPlan> MembershipPlans { get; init; } = [];

    public int? Capacity { get; set; }

    /// <summary>The date the space joined the alliance, in the space's time zone.</summary>
    public DateOnly JoinedAt { get; set; }

    /// <summary>When an organizer recorded the alliance's welcome; null while the space is still waiting for one.</summary>
    public DateTimeOffset? WelcomedAt { get; set; }

    /// <summary>The name of the API key that recorded the welcome, as it was at that moment.</summary>
    public string? WelcomedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Starts at 1 and grows with every change: the concurrency token, and the version in the space's ETag.</summary>
    public int Version { get; set; }
}
