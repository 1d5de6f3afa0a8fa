using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using FluentValidation;

namespace Alliances.Api.Features.Alliance;

/// <summary>
/// The writable part of the alliance's profile: what a merge patch to <c>/v1/alliance</c> is applied to. <c>id</c>,
/// <c>subdomain</c>, <c>url</c> and the timestamps are not members, so a patch naming them is a 400. Removing a setting
/// that has a default (<c>null</c> in a merge patch) puts the default back: 60 + 60 minutes, 3 active priorities.
/// </summary>
public sealed record AllianceWrite(
    string? Name,
    string? Region,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? TimeZone,
    AllianceWrite.MeetingFormatInput? MeetingFormat,
    int? MaxActivePriorities)
{
    /// <summary>The name and region limits are the claim's, so every claimed alliance can be patched.</summary>
    public const int MaxNameLength = 200;
    public const int MaxRegionLength = 200;
    public const int MaxMeetingPartMinutes = 480;
    public const int MinActivePriorities = 1;
    public const int MaxActivePrioritiesLimit = 10;

    public sealed record MeetingFormatInput(int? StructuredMinutes, int? SocialMinutes);

    public static AllianceWrite From(CatalogProfile catalog, AllianceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(settings);
        return new AllianceWrite(
            catalog.Name, catalog.Region, settings.Description, settings.Website, settings.ContactEmail, catalog.TimeZone,
            new MeetingFormatInput(settings.MeetingStructuredMinutes, settings.MeetingSocialMinutes), settings.MaxActivePriorities);
    }

    public int StructuredMinutesOrDefault => MeetingFormat?.StructuredMinutes ?? AllianceSettings.DefaultStructuredMinutes;

    public int SocialMinutesOrDefault => MeetingFormat?.SocialMinutes ?? AllianceSettings.DefaultSocialMinutes;

    /// <summary>Copies the settings that live in the tenant schema; name, region and time zone go to the catalog.</summary>
    public void ApplyTo(AllianceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Description = Clean(Description);
        settings.Website = Clean(Website);
        settings.ContactEmail = Clean(ContactEmail);
        settings.MeetingStructuredMinutes = StructuredMinutesOrDefault;
        settings.MeetingSocialMinutes = SocialMinutesOrDefault;
        // Lowering this below the number of active priorities is refused by UpdateAlliance (PriorityLimit, issue 7).
        settings.MaxActivePriorities = MaxActivePriorities ?? AllianceSettings.DefaultMaxActivePriorities;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed class Validator : AbstractValidator<AllianceWrite>
    {
        public Validator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(a => a.Name).NotEmpty().MaximumLength(MaxNameLength);
            RuleFor(a => a.Region).NotEmpty().MaximumLength(MaxRegionLength);
            RuleFor(a => a.Description).MaximumLength(SpaceRules.MaxDescriptionLength);
            RuleFor(a => a.Website).MaximumLength(SpaceRules.MaxUrlLength).Must(SpaceRules.IsWebUrl)
                .WithMessage("website must be an absolute http or https URL.").When(a => a.Website is not null);
            RuleFor(a => a.ContactEmail).MaximumLength(SpaceRules.MaxEmailLength).EmailAddress();
            RuleFor(a => a.TimeZone).NotEmpty().MaximumLength(SpaceRules.MaxTimeZoneLength).Must(TimeZones.IsIana)
                .WithMessage("timeZone must be an IANA time-zone name such as America/Los_Angeles.");
            RuleFor(a => a.MeetingFormat!).SetValidator(new MeetingFormatValidator());
            RuleFor(a => a.MaxActivePriorities).InclusiveBetween(MinActivePriorities, MaxActivePrioritiesLimit);
        }
    }

    public sealed class MeetingFormatValidator : AbstractValidator<MeetingFormatInput>
    {
        public MeetingFormatValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(m => m.StructuredMinutes).InclusiveBetween(0, MaxMeetingPartMinutes);
            RuleFor(m => m.SocialMinutes).InclusiveBetween(0, MaxMeetingPartMinutes);
            RuleFor(m => m)
                .Must(m => (m.StructuredMinutes ?? AllianceSettings.DefaultStructuredMinutes) + (m.SocialMinutes ?? AllianceSettings.DefaultSocialMinutes) > 0)
                .OverridePropertyName("structuredMinutes")
                .WithMessage("A meeting needs some time: structuredMinutes and socialMinutes cannot both be 0.");
        }
    }
}
