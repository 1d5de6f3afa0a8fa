namespace Alliances.Api.Infrastructure;

/// <summary>IANA time-zone checks. Windows ids are refused: every time zone the API stores is an IANA name.</summary>
public static class TimeZones
{
    public static bool IsIana(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
