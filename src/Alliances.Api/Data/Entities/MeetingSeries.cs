namespace Alliances.Api.Data.Entities;

/// <summary>
/// A recurring meeting: a rule (a subset of RFC 5545 RRULE), a local start date and time and a duration in an IANA time
/// zone, and the template every occurrence starts from. Occurrences are ordinary <see cref="Meeting"/> rows.
/// </summary>
public sealed class MeetingSeries
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    /// <summary>The rule as normalised when the series was created, e.g. <c>FREQ=MONTHLY;COUNT=12;BYDAY=2TU</c>.</summary>
    public required string Rule { get; set; }

    /// <summary>The local date the rule is evaluated from (the iCalendar DTSTART date).</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>Local wall-clock time every occurrence starts at, whatever the UTC offset that day.</summary>
    public TimeOnly StartTime { get; set; }

    public int DurationMinutes { get; set; }

    public required string TimeZone { get; set; }

    /// <summary>Host spaces in rotation: occurrence n is hosted by entry n modulo the count. Empty for none.</summary>
    public List<Guid> HostSpaceIds { get; init; } = [];

    public string? Location { get; set; }

    public string? OnlineUrl { get; set; }

    public int? Capacity { get; set; }

    public List<AgendaSegment> Agenda { get; init; } = [];

    /// <summary>Starts at 1 and grows with every change: the concurrency token, and the version in the series' ETag.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
