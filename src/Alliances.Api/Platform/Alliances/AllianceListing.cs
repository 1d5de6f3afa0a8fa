namespace Alliances.Api.Platform.Alliances;

/// <summary>An alliance as the public directory shows it.</summary>
public sealed record AllianceListing(
    Guid Id,
    string Subdomain,
    string Name,
    string Region,
    string TimeZone,
    string Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
