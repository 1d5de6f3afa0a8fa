using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using FluentValidation;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// The writable fields of a meeting: the body of <c>POST /v1/meetings</c>, and what a merge patch is applied to.
/// <c>status</c>, <c>sequence</c>, <c>seriesId</c> and the timestamps are not members, so the JSON rules reject them by
/// name: status changes through the cancel action and by recording minutes. The end is <c>endsAt</c> or
/// <c>durationMinutes</c>, one of the two. Defaults: a null <c>timeZone</c> is the alliance's, and a null <c>agenda</c> is
/// the alliance's default meeting format, cut to fit a shorter meeting.
/// </summary>
public sealed record MeetingWrite(
    string? Title,
    string? Description,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? TimeZone,
    Guid? HostSpaceId,
    string? Location,
    string? OnlineUrl,
    int? Capacity,
    IReadOnlyList<AgendaSegmentInput>? Agenda,
    int? DurationMinutes = null)
{
    public static MeetingWrite From(Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return new MeetingWrite(
            meeting.Title, meeting.Description, meeting.StartsAt, meeting.EndsAt, meeting.TimeZone, meeting.HostSpaceId, meeting.Location,
            meeting.OnlineUrl, meeting.Capacity, [.. meeting.Agenda.Select(AgendaSegmentInput.From)]);
    }

    /// <summary>The agenda as stored: the given segments, or the default format (cut to fit) when none were given.</summary>
    public List<AgendaSegment> AgendaOr(AllianceSettings settings) =>
        Agenda is null ? AgendaRules.Default(settings, Minutes) : [.. Agenda.Select(s => s.ToSegment())];

    /// <summary>The meeting's length; the write has been validated and <see cref="WithEnd"/> applied. Not part of the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Minutes => MeetingRules.MinutesBetween(StartsAt!.Value, EndsAt!.Value);

    /// <summary>A validated write with <c>endsAt</c> set: from <c>durationMinutes</c> when that is how the end was given.</summary>
    public MeetingWrite WithEnd() =>
        DurationMinutes is { } minutes && EndsAt is null ? this with { EndsAt = StartsAt!.Value.AddMinutes(minutes), DurationMinutes = null } : this;

    /// <summary>Copies a validated write onto <paramref name="meeting"/>. Optional text that is blank is stored as null.</summary>
    public void ApplyTo(Meeting meeting, string defaultTimeZone, List<AgendaSegment> agenda)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(agenda);
        meeting.Title = Title!.Trim();
        meeting.Description = MeetingRules.Clean(Description);
        meeting.StartsAt = MeetingRules.ToMicroseconds(StartsAt!.Value);
        meeting.EndsAt = MeetingRules.ToMicroseconds(EndsAt!.Value);
        meeting.TimeZone = TimeZone ?? defaultTimeZone;
        meeting.HostSpaceId = HostSpaceId;
        meeting.Location = MeetingRules.Clean(Location);
        meeting.OnlineUrl = MeetingRules.Clean(OnlineUrl);
        meeting.Capacity = Capacity;
        if (!meeting.Agenda.SequenceEqual(agenda))
        {
            meeting.Agenda.Clear();
            meeting.Agenda.AddRange(agenda);
        }
    }

    public sealed class Validator : AbstractValidator<MeetingWrite>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(m => m.Title).NotEmpty().MaximumLength(MeetingRules.MaxTitleLength);
            RuleFor(m => m.Description).MaximumLength(MeetingRules.MaxDescriptionLength);
            RuleFor(m => m.StartsAt).NotNull();
            RuleFor(m => m.DurationMinutes).InclusiveBetween(1, MeetingRules.MaxDurationMinutes).When(m => m.EndsAt is null);
            // Both: one 400 that names both fields, so the client sees which two disagree.
            RuleFor(m => m.DurationMinutes).Null().WithMessage("Give endsAt or durationMinutes, not both.").When(m => m.EndsAt is not null);
            RuleFor(m => m.EndsAt).Null().WithMessage("Give endsAt or durationMinutes, not both.").When(m => m.DurationMinutes is not null);
            RuleFor(m => m.EndsAt).NotNull().WithMessage("endsAt or durationMinutes is required: when the meeting ends, or how long it lasts.")
                .When(m => m.DurationMinutes is null)
                .Must((m, end) => end is null || m.StartsAt is not { } start || end > start).WithMessage("endsAt must be later than startsAt.")
                .Must((m, end) => end is null || m.StartsAt is not { } start || end - start <= TimeSpan.FromMinutes(MeetingRules.MaxDurationMinutes))
                .WithMessage($"A meeting lasts at most {MeetingRules.MaxDurationMinutes / 60} hours; endsAt is too far after startsAt.");
            RuleFor(m => m.TimeZone).MaximumLength(MeetingRules.MaxTimeZoneLength).Must(MeetingRules.IsCalendarTimeZone)
                .WithMessage("timeZone must be an IANA time-zone name such as America/Los_Angeles.").When(m => m.TimeZone is not null);
            RuleFor(m => m.HostSpaceId).NotEqual(Guid.Empty).WithMessage("hostSpaceId must be the id of a space of this alliance.");
            RuleFor(m => m.Location).MaximumLength(MeetingRules.MaxLocationLength)
                .Must((m, location) => m.HostSpaceId is null || string.IsNullOrWhiteSpace(location))
                .WithMessage("Give hostSpaceId or location, not both: a meeting at a member space takes its address from the space.");
            RuleFor(m => m.OnlineUrl).MaximumLength(MeetingRules.MaxUrlLength).Must(SpaceRules.IsWebUrl)
                .WithMessage("onlineUrl must be an absolute http or https URL.").When(m => m.OnlineUrl is not null);
            RuleFor(m => m.Capacity).InclusiveBetween(MeetingRules.MinCapacity, MeetingRules.MaxCapacity);
            RuleFor(m => m.Agenda)
                .Must(a => a is null || a.Count <= MeetingRules.MaxAgendaSegments)
                .WithMessage($"agenda has at most {MeetingRules.MaxAgendaSegments} segments.");
            RuleForEach(m => m.Agenda).Cascade(CascadeMode.Continue).NotNull().SetValidator(new AgendaSegmentInput.Validator());
        }
    }
}
