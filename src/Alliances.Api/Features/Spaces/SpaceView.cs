using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Spaces;

/// <summary>A space as the API shows it. <c>address</c> and <c>location</c> are null when the space has none.</summary>
public sealed record SpaceView(
    Guid Id,
    string Name,
    string Slug,
    SpaceKind Kind,
    SpaceStatus Status,
    string? Description,
    string? Website,
    string? LogoUrl,
    string? Email,
    string? Phone,
    SpaceView.SpaceAddress? Address,
    SpaceView.SpaceLocation? Location,
    string TimeZone,
    string? Neighborhood,
    IReadOnlyList<string> Amenities,
    IReadOnlyList<OpeningHours> OpeningHours,
    IReadOnlyList<MembershipPlan> MembershipPlans,
    int? Capacity,
    DateOnly JoinedAt,
    DateTimeOffset? WelcomedAt,
    string? WelcomedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public sealed record SpaceAddress(string? Street, string City, string? Region, string? PostalCode, string CountryCode);

    public sealed record SpaceLocation(double Lat, double Lon);

    public static SpaceView From(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new SpaceView(
            space.Id, space.Name, space.Slug, space.Kind, space.Status, space.Description, space.Website, space.LogoUrl, space.Email,
            space.Phone,
            space.AddressCity is not null && space.AddressCountryCode is not null
                ? new SpaceAddress(space.AddressStreet, space.AddressCity, space.AddressRegion, space.AddressPostalCode, space.AddressCountryCode)
                : null,
            space.Latitude is { } lat && space.Longitude is { } lon ? new SpaceLocation(lat, lon) : null,
            space.TimeZone, space.Neighborhood, space.Amenities, space.OpeningHours, space.MembershipPlans, space.Capacity, space.JoinedAt,
            space.WelcomedAt, space.WelcomedBy, space.CreatedAt, space.UpdatedAt);
    }

    /// <summary>The ETag of a space in this representation.</summary>
    public static string ETagOf(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return EntityTags.For(space.Id, space.Version);
    }
}
