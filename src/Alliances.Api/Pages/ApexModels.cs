using Alliances.Api.Platform.Alliances;

namespace Alliances.Api.Pages;

public sealed record ApexHomeModel(IReadOnlyList<AllianceListing> Alliances, string? Query, string? QueryError);

/// <summary>What the claim form holds, as typed, so a failed submit shows it again.</summary>
public sealed record ClaimForm(string Subdomain, string Name, string Region, string TimeZone, string OrganizerName, string OrganizerEmail);

/// <summary>The claim form as shown: what was typed, errors by form field (the empty key: about the whole form), and the anti-forgery token.</summary>
public sealed record StartAllianceModel(ClaimForm Form, IReadOnlyDictionary<string, string> Errors, string TokenField, string Token)
{
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var error) ? error : null;
}
