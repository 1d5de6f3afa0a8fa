using Alliances.Api.Data.Entities;
using FluentValidation;

namespace Alliances.Api.Features.Meetings;

/// <summary>One agenda segment as a client writes it. Every member is nullable so a missing one is a 400 naming it.</summary>
public sealed record AgendaSegmentInput(string? Title, AgendaSegmentKind? Kind, int? Minutes, string? Facilitator)
{
    public static AgendaSegmentInput From(AgendaSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new(segment.Title, segment.Kind, segment.Minutes, segment.Facilitator);
    }

    /// <summary>The stored segment; the input has passed <see cref="Validator"/>.</summary>
    public AgendaSegment ToSegment() => new(Title!.Trim(), Kind!.Value, Minutes!.Value, MeetingRules.Clean(Facilitator));

    public sealed class Validator : AbstractValidator<AgendaSegmentInput>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(s => s.Title).NotEmpty().MaximumLength(MeetingRules.MaxSegmentTitleLength);
            RuleFor(s => s.Kind).NotNull().IsInEnum();
            RuleFor(s => s.Minutes).NotNull().InclusiveBetween(1, MeetingRules.MaxDurationMinutes);
            RuleFor(s => s.Facilitator).MaximumLength(MeetingRules.MaxFacilitatorLength);
        }
    }
}
