using Alliances.Api.Infrastructure;

namespace Alliances.Api.Features.Meetings;

/// <summary>The documented limits of meetings, agendas, RSVPs, attendance, minutes and series, shared by validators and docs.</summary>
public static class MeetingRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxLocationLength = 500;
    public const int MaxUrlLength = 2048;
    public const int MaxTimeZoneLength = 64;
    public const int MinCapacity = 1;
    public const int MaxCapacity = 10_000;
    public const int MaxDurationMinutes = 24 * 60;
    public const int MaxReasonLength = 1000;

    public const int MaxAgendaSegments = 20;
    public const int MaxSegmentTitleLength = 200;
    public const int MaxFacilitatorLength = 120;

    public const int MaxPersonNameLength = 120;
    public const int MaxEmailLength = 254;

    public const int MaxMinutesLength = 100_000;
    public const int MaxDecisions = 50;
    public const int MaxDecisionLength = 1000;
    public const int MaxPriorityIdsPerDecision = 10;

    public const int MaxHostSpaceRotation = 20;

    /// <summary>An IANA name that both the BCL and the iCalendar library (NodaTime's TZDB) know.</summary>
    public static bool IsCalendarTimeZone(string? id) =>
        TimeZones.IsIana(id) && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id!) is not null;

    /// <summary>Instants are kept to the microsecond, as PostgreSQL stores them, so what a write returns is what a read returns.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return utc.AddTicks(-(utc.UtcTicks % 10));
    }

    /// <summary>Whole minutes from start to end (a meeting's duration, which its agenda must fit).</summary>
    public static int MinutesBetween(DateTimeOffset start, DateTimeOffset end) => (int)Math.Floor((end - start).TotalMinutes);

    /// <summary>Email addresses are compared and stored trimmed and lower-case: one RSVP per person, however they type it.</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
