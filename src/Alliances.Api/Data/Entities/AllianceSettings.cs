namespace Alliances.Api.Data.Entities;

/// <summary>
/// The alliance's profile and settings that live in its own schema: one row, created by the migration that added the
/// table. The name, region and time zone are not here: the platform catalog owns them (the directory and host
/// resolution read them there), and <c>PATCH /v1/alliance</c> writes them to the catalog in the same transaction.
/// </summary>
public sealed class AllianceSettings
{
    /// <summary>The one row's key; a check constraint keeps it at this value, so there can never be a second row.</summary>
    public const int SingletonId = 1;

    public const int DefaultStructuredMinutes = 60;
    public const int DefaultSocialMinutes = 60;
    public const int DefaultMaxActivePriorities = 3;

    public int Id { get; set; } = SingletonId;

    public string? Description { get; set; }

    public string? Website { get; set; }

    public string? ContactEmail { get; set; }

    /// <summary>Default minutes of structured agenda time in a meeting.</summary>
    public int MeetingStructuredMinutes { get; set; } = DefaultStructuredMinutes;

    /// <summary>Default minutes of social time in a meeting.</summary>
    public int MeetingSocialMinutes { get; set; } = DefaultSocialMinutes;

    /// <summary>How many priorities may be active at once (1–10).</summary>
    public int MaxActivePriorities { get; set; } = DefaultMaxActivePriorities;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The concurrency token, and part of the profile's ETag.</summary>
    public int Version { get; set; } = 1;
}
