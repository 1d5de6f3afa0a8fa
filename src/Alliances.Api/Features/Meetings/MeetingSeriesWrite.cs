using System.Globalization;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using FluentValidation;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// The writable fields of a meeting series: the body of <c>POST /v1/meeting-series</c>, and what a merge patch is
/// applied to. <c>rrule</c>, <c>startDate</c> and <c>timeZone</c> define which meetings exist and are fixed once the
/// series is created. <c>startTime</c> is local wall-clock time (<c>HH:mm</c>); <c>hostSpaceIds</c> rotate: the n-th
/// meeting is hosted by entry n modulo their number. Without an agenda the alliance's default format is used.
/// </summary>
public sealed record MeetingSeriesWrite(
    string? Title,
    string? Description,
    string? Rrule,
    DateOnly? StartDate,
    string? StartTime,
    int? DurationMinutes,
    string? TimeZone,
    IReadOnlyList<Guid>? HostSpaceIds,
    string? Location,
    string? OnlineUrl,
    int? Capacity,
    IReadOnlyList<AgendaSegmentInput>? Agenda)
{
    public static MeetingSeriesWrite From(MeetingSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new MeetingSeriesWrite(
            series.Title, series.Description, series.Rule, series.StartDate, TimeText(series.StartTime), series.DurationMinutes,
            series.TimeZone, [.. series.HostSpaceIds], series.Location, series.OnlineUrl, series.Capacity,
            [.. series.Agenda.Select(AgendaSegmentInput.From)]);
    }

    public static string TimeText(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public TimeOnly LocalStartTime => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(SpaceRules.MinutesOf(StartTime, allowEndOfDay: false)!.Value));

    public List<AgendaSegment> AgendaOr(AllianceSettings settings) =>
        Agenda is null ? AgendaRules.Default(settings) : [.. Agenda.Select(s => s.ToSegment())];

    /// <summary>The hosts as (field, id) pairs, for the existence check.</summary>
    public IReadOnlyList<(string Field, Guid Id)> HostReferences() =>
        [.. (HostSpaceIds ?? []).Select((id, i) => ($"hostSpaceIds[{i}]", id))];

    /// <summary>Copies the fields every occurrence shares; rule, start date and time zone are set at creation only.</summary>
    public void ApplyTo(MeetingSeries series, List<AgendaSegment> agenda)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(agenda);
        series.Title = Title!.Trim();
        series.Description = MeetingRules.Clean(Description);
        series.StartTime = LocalStartTime;
        series.DurationMinutes = DurationMinutes!.Value;
        if (!series.HostSpaceIds.SequenceEqual(HostSpaceIds ?? []))
        {
            series.HostSpaceIds.Clear();
            series.HostSpaceIds.AddRange(HostSpaceIds ?? []);
        }

        series.Location = MeetingRules.Clean(Location);
        series.OnlineUrl = MeetingRules.Clean(OnlineUrl);
        series.Capacity = Capacity;
        if (!series.Agenda.SequenceEqual(agenda))
        {
            series.Agenda.Clear();
            series.Agenda.AddRange(agenda);
        }
    }

    public sealed class Validator : AbstractValidator<MeetingSeriesWrite>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(s => s.Title).NotEmpty().MaximumLength(MeetingRules.MaxTitleLength);
            RuleFor(s => s.Description).MaximumLength(MeetingRules.MaxDescriptionLength);
            RuleFor(s => s.Rrule).NotEmpty().MaximumLength(500).Custom((rule, context) =>
            {
                if (!SeriesRule.TryRead(rule, out _, out var error))
                {
                    context.AddFailure("rrule", error);
                }
            });
            RuleFor(s => s.StartDate).NotNull();
            RuleFor(s => s.StartTime).NotEmpty().Must(t => SpaceRules.MinutesOf(t, allowEndOfDay: false) is not null)
                .WithMessage("startTime must be a local time of day as HH:mm, such as 18:00.");
            RuleFor(s => s.DurationMinutes).NotNull().InclusiveBetween(1, MeetingRules.MaxDurationMinutes);
            RuleFor(s => s.TimeZone).MaximumLength(MeetingRules.MaxTimeZoneLength).Must(MeetingRules.IsCalendarTimeZone)
                .WithMessage("timeZone must be an IANA time-zone name such as America/Los_Angeles.").When(s => s.TimeZone is not null);
            RuleFor(s => s.HostSpaceIds)
                .Must(h => h is null || h.Count <= MeetingRules.MaxHostSpaceRotation)
                .WithMessage($"hostSpaceIds has at most {MeetingRules.MaxHostSpaceRotation} entries.");
            RuleForEach(s => s.HostSpaceIds).Cascade(CascadeMode.Continue).NotEqual(Guid.Empty)
                .WithMessage("Each entry is the id of a space of this alliance.");
            RuleFor(s => s.Location).MaximumLength(MeetingRules.MaxLocationLength)
                .Must((s, location) => s.HostSpaceIds is not { Count: > 0 } || string.IsNullOrWhiteSpace(location))
                .WithMessage("Give hostSpaceIds or location, not both: meetings at member spaces take their address from the space.");
            RuleFor(s => s.OnlineUrl).MaximumLength(MeetingRules.MaxUrlLength).Must(SpaceRules.IsWebUrl)
                .WithMessage("onlineUrl must be an absolute http or https URL.").When(s => s.OnlineUrl is not null);
            RuleFor(s => s.Capacity).InclusiveBetween(MeetingRules.MinCapacity, MeetingRules.MaxCapacity);
            RuleFor(s => s.Agenda)
                .Must(a => a is null || a.Count <= MeetingRules.MaxAgendaSegments)
                .WithMessage($"agenda has at most {MeetingRules.MaxAgendaSegments} segments.");
            RuleForEach(s => s.Agenda).Cascade(CascadeMode.Continue).NotNull().SetValidator(new AgendaSegmentInput.Validator());
        }
    }
}
