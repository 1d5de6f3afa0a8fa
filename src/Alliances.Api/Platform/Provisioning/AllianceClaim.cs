namespace Alliances.Api.Platform.Provisioning;

/// <summary>A validated request to create an alliance.</summary>
public sealed record AllianceClaim(
    string Subdomain,
    string Name,
    string Region,
    string TimeZone,
    string OrganizerName,
    string OrganizerEmail);
