using Alliances.Api.Data.Entities;
using FluentValidation;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// The writable fields of a priority: the body of <c>POST /v1/priorities</c>, and what a merge patch is applied to. Every
/// member is nullable so that a missing required field is a 400 naming it. <c>status</c>, <c>rank</c>,
/// <c>voteCount</c>, <c>proposedBy</c> and the timestamps are not members: the JSON rules reject them by name, and status
/// and rank change only through the actions (promote, achieve, drop, reopen, reorder).
/// </summary>
public sealed record PriorityWrite(
    string? Title,
    string? Description,
    PriorityArea? Area,
    PriorityWrite.OwnerInput? Owner,
    DateOnly? TargetDate,
    string? ProgressNotes)
{
    /// <summary>A name is required once an owner is given; the space, if any, must be one of this alliance's.</summary>
    public sealed record OwnerInput(string? Name, Guid? SpaceId);

    public static PriorityWrite From(Priority priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        return new PriorityWrite(
            priority.Title, priority.Description, priority.Area,
            priority.OwnerName is null ? null : new OwnerInput(priority.OwnerName, priority.OwnerSpaceId),
            priority.TargetDate, priority.ProgressNotes);
    }

    /// <summary>Copies a validated write onto <paramref name="priority"/>. Optional text that is blank is stored as null.</summary>
    public void ApplyTo(Priority priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        priority.Title = Title!.Trim();
        priority.Description = Clean(Description);
        priority.Area = Area!.Value;
        priority.OwnerName = Clean(Owner?.Name);
        priority.OwnerSpaceId = priority.OwnerName is null ? null : Owner?.SpaceId;
        priority.TargetDate = TargetDate;
        priority.ProgressNotes = Clean(ProgressNotes);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed class Validator : AbstractValidator<PriorityWrite>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(p => p.Title).NotEmpty().Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("title cannot be blank.")
                .MaximumLength(PriorityRules.MaxTitleLength);
            RuleFor(p => p.Description).MaximumLength(PriorityRules.MaxDescriptionLength);
            RuleFor(p => p.Area).NotNull().IsInEnum();
            RuleFor(p => p.Owner!).SetValidator(new OwnerValidator());
            RuleFor(p => p.ProgressNotes).MaximumLength(PriorityRules.MaxProgressNotesLength);
        }
    }

    public sealed class OwnerValidator : AbstractValidator<OwnerInput>
    {
        public OwnerValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(o => o.Name).NotEmpty().WithMessage("An owner needs a name; leave owner out (or null) when nobody carries it yet.")
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("owner.name cannot be blank.")
                .MaximumLength(PriorityRules.MaxOwnerNameLength);
        }
    }
}
