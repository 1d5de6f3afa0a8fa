namespace Alliances.Api.Platform.Provisioning;

/// <summary>A freshly created alliance and its first organizer key, whose text exists only in this object.</summary>
public sealed record ProvisionedAlliance(
    Guid Id,
    string Subdomain,
    string Name,
    string Region,
    string TimeZone,
    string SchemaVersion,
    DateTimeOffset CreatedAt,
    string OrganizerKey);
