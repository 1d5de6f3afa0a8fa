using Alliances.Api.Data.Entities;
using Alliances.Tenancy.Context;

namespace Alliances.Api.Features.Alliance;

/// <summary>The alliance's profile and settings as <c>GET|PATCH /v1/alliance</c> show them.</summary>
public sealed record AllianceProfile(
    Guid Id,
    string Subdomain,
    string Url,
    string Name,
    string Region,
    string? Description,
    string? Website,
    string? ContactEmail,
    string TimeZone,
    AllianceProfile.MeetingFormatSettings MeetingFormat,
    int MaxActivePriorities,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The default shape of a meeting: minutes of structured agenda, then minutes of social time.</summary>
    public sealed record MeetingFormatSettings(int StructuredMinutes, int SocialMinutes);

    public static AllianceProfile From(TenantContext tenant, string url, CatalogProfile catalog, AllianceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(settings);
        return new AllianceProfile(
            tenant.AllianceId, tenant.Subdomain, url, catalog.Name, catalog.Region, settings.Description, settings.Website,
            settings.ContactEmail, catalog.TimeZone,
            new MeetingFormatSettings(settings.MeetingStructuredMinutes, settings.MeetingSocialMinutes),
            settings.MaxActivePriorities,
            catalog.CreatedAt,
            settings.UpdatedAt > catalog.UpdatedAt ? settings.UpdatedAt : catalog.UpdatedAt);
    }

    /// <summary>
    /// Changes through the API bump the settings version; the catalog's <c>updated_at</c> (to the microsecond PostgreSQL
    /// keeps) is in the tag too, so a change made to the catalog outside the API still invalidates copies.
    /// </summary>
    public static string ETagOf(Guid allianceId, CatalogProfile catalog, AllianceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(settings);
        return $"\"{allianceId:N}-{settings.Version}-{catalog.UpdatedAt.UtcTicks / 10}\"";
    }
}
