using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure;
using FluentValidation;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// The writable fields of a space: the body of <c>POST /v1/spaces</c>, and what a merge patch is applied to. Every member
/// is nullable so that a missing required field is a 400 naming it, never a silent default. Read-only fields (<c>id</c>,
/// <c>welcomedAt</c>, <c>createdAt</c>, …) are not members, so the JSON rules reject them by name. Two fields have
/// defaults: a null <c>timeZone</c> is the alliance's, and a null <c>joinedAt</c> is today there (on create) or the day
/// the space was created (on a patch that removes it).
/// </summary>
public sealed record SpaceWrite(
    string? Name,
    string? Slug,
    SpaceKind? Kind,
    SpaceStatus? Status,
    string? Description,
    string? Website,
    string? LogoUrl,
    string? Email,
    string? Phone,
    SpaceWrite.SpaceAddressInput? Address,
    SpaceWrite.SpaceLocationInput? Location,
    string? TimeZone,
    string? Neighborhood,
    IReadOnlyList<string>? Amenities,
    IReadOnlyList<SpaceWrite.OpeningHoursInput>? OpeningHours,
    IReadOnlyList<SpaceWrite.MembershipPlanInput>? MembershipPlans,
    int? Capacity,
    DateOnly? JoinedAt)
{
    /// <summary>A postal address. City and country are required once an address is given.</summary>
    public sealed record SpaceAddressInput(string? Street, string? City, string? Region, string? PostalCode, string? CountryCode);

    /// <summary>Coordinates in degrees (WGS 84). Both or neither.</summary>
    public sealed record SpaceLocationInput(double? Lat, double? Lon);

    public sealed record OpeningHoursInput(DayOfWeek? Weekday, string? Opens, string? Closes);

    public sealed record MembershipPlanInput(string? Name, MoneyInput? Price, BillingInterval? Interval);

    public sealed record MoneyInput(string? Amount, string? Currency);

    /// <summary>The space as a write record: what a merge patch starts from.</summary>
    public static SpaceWrite From(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var hasAddress = space.AddressStreet is not null || space.AddressCity is not null || space.AddressRegion is not null ||
                         space.AddressPostalCode is not null || space.AddressCountryCode is not null;
        return new SpaceWrite(
            space.Name, space.Slug, space.Kind, space.Status, space.Description, space.Website, space.LogoUrl, space.Email, space.Phone,
            hasAddress
                ? new SpaceAddressInput(space.AddressStreet, space.AddressCity, space.AddressRegion, space.AddressPostalCode, space.AddressCountryCode)
                : null,
            space.Latitude is { } lat && space.Longitude is { } lon ? new SpaceLocationInput(lat, lon) : null,
            space.TimeZone,
            space.Neighborhood,
            [.. space.Amenities],
            [.. space.OpeningHours.Select(h => new OpeningHoursInput(h.Weekday, h.Opens, h.Closes))],
            [.. space.MembershipPlans.Select(p => new MembershipPlanInput(p.Name, new MoneyInput(p.Price.Amount, p.Price.Currency), p.Interval))],
            space.Capacity,
            space.JoinedAt);
    }

    /// <summary>Copies a validated write onto <paramref name="space"/>. Optional text that is blank is stored as null.</summary>
    public void ApplyTo(Space space, string defaultTimeZone, DateOnly defaultJoinedAt)
    {
        ArgumentNullException.ThrowIfNull(space);
        space.Name = Name!.Trim();
        space.Slug = Slug ?? throw new InvalidOperationException("The slug is derived before a write is applied.");
        space.Kind = Kind!.Value;
        space.Status = Status!.Value;
        space.Description = Clean(Description);
        space.Website = Clean(Website);
        space.LogoUrl = Clean(LogoUrl);
        space.Email = Clean(Email);
        space.Phone = Clean(Phone);
        space.AddressStreet = Clean(Address?.Street);
        space.AddressCity = Clean(Address?.City);
        space.AddressRegion = Clean(Address?.Region);
        space.AddressPostalCode = Clean(Address?.PostalCode);
        space.AddressCountryCode = Clean(Address?.CountryCode);
        space.Latitude = Location?.Lat;
        space.Longitude = Location?.Lon;
        space.TimeZone = TimeZone ?? defaultTimeZone;
        space.Neighborhood = Clean(Neighborhood);
        Replace(space.Amenities, Amenities ?? []);
        Replace(space.OpeningHours, (OpeningHours ?? []).Select(h => new OpeningHours(h.Weekday!.Value, h.Opens!, h.Closes!)));
        Replace(space.MembershipPlans, (MembershipPlans ?? []).Select(p => new MembershipPlan(
            p.Name!.Trim(), new Money(SpaceRules.NormalizeAmount(p.Price!.Amount!), p.Price.Currency!), p.Interval!.Value)));
        space.Capacity = Capacity;
        space.JoinedAt = JoinedAt ?? defaultJoinedAt;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Replace<T>(List<T> target, IEnumerable<T> items)
    {
        var copy = items.ToList();
        target.Clear();
        target.AddRange(copy);
    }

    /// <summary>Every field, with the limits in <see cref="SpaceRules"/>. Errors are keyed by JSON path (<c>openingHours[1].closes</c>).</summary>
    public sealed class Validator : AbstractValidator<SpaceWrite>
    {
        public Validator(TimeProvider clock)
        {
            ArgumentNullException.ThrowIfNull(clock);
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(s => s.Name).NotEmpty().MaximumLength(SpaceRules.MaxNameLength);
            // Null is allowed: a create then derives the slug from the name, and a patch may not remove it (UpdateSpace).
            RuleFor(s => s.Slug).NotEmpty().MaximumLength(SpaceRules.MaxSlugLength).Matches(SpaceRules.Slug()).When(s => s.Slug is not null)
                .WithMessage("slug must be lowercase letters and digits in words joined by single hyphens, such as office-nomads.");
            RuleFor(s => s.Kind).NotNull().IsInEnum();
            RuleFor(s => s.Status).NotNull().IsInEnum();
            RuleFor(s => s.Description).MaximumLength(SpaceRules.MaxDescriptionLength);
            RuleFor(s => s.Website).MaximumLength(SpaceRules.MaxUrlLength).Must(SpaceRules.IsWebUrl)
                .WithMessage("website must be an absolute http or https URL.").When(s => s.Website is not null);
            RuleFor(s => s.LogoUrl).MaximumLength(SpaceRules.MaxUrlLength).Must(SpaceRules.IsWebUrl)
                .WithMessage("logoUrl must be an absolute http or https URL.").When(s => s.LogoUrl is not null);
            RuleFor(s => s.Email).MaximumLength(SpaceRules.MaxEmailLength).EmailAddress();
            RuleFor(s => s.Phone).Matches(SpaceRules.Phone())
                .WithMessage("phone must be 5–40 characters of digits, spaces and ( ) - . with an optional leading +.");
            RuleFor(s => s.Address!).SetValidator(new AddressValidator());
            RuleFor(s => s.Location!).SetValidator(new LocationValidator());
            RuleFor(s => s.TimeZone).MaximumLength(SpaceRules.MaxTimeZoneLength).Must(TimeZones.IsIana)
                .WithMessage("timeZone must be an IANA time-zone name such as America/Los_Angeles.").When(s => s.TimeZone is not null);
            RuleFor(s => s.Neighborhood).MaximumLength(SpaceRules.MaxNeighborhoodLength);

            RuleFor(s => s.Amenities)
                .Must(a => a is null || a.Count <= SpaceRules.MaxAmenities)
                .WithMessage($"amenities has at most {SpaceRules.MaxAmenities} tags.")
                .Must(a => a is null || a.Distinct(StringComparer.Ordinal).Count() == a.Count)
                .WithMessage("amenities is a set: each tag appears once.");
            RuleForEach(s => s.Amenities).NotEmpty().MaximumLength(SpaceRules.MaxAmenityLength).Matches(SpaceRules.Amenity())
                .WithMessage("An amenity is a short lowercase tag: letters and digits, words joined by - or _, such as bike_storage.");

            RuleFor(s => s.OpeningHours)
                .Must(h => h is null || h.Count <= SpaceRules.MaxOpeningHours)
                .WithMessage($"openingHours has at most {SpaceRules.MaxOpeningHours} rows.");
            RuleForEach(s => s.OpeningHours).NotNull().SetValidator(new OpeningHoursValidator());
            RuleFor(s => s.OpeningHours).Custom(RejectOverlaps);

            RuleFor(s => s.MembershipPlans)
                .Must(p => p is null || p.Count <= SpaceRules.MaxMembershipPlans)
                .WithMessage($"membershipPlans has at most {SpaceRules.MaxMembershipPlans} plans.");
            RuleForEach(s => s.MembershipPlans).NotNull().SetValidator(new MembershipPlanValidator());

            RuleFor(s => s.Capacity).InclusiveBetween(SpaceRules.MinCapacity, SpaceRules.MaxCapacity);
            // A day of slack: "today" somewhere on Earth can be tomorrow in UTC.
            RuleFor(s => s.JoinedAt)
                .Must(d => d is null || d.Value <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1))
                .WithMessage("joinedAt cannot be in the future.");
        }

        // Periods are half-open, [opens, closes): 09:00–12:00 and 12:00–17:00 on the same day touch but do not overlap.
        private static void RejectOverlaps(IReadOnlyList<OpeningHoursInput>? rows, ValidationContext<SpaceWrite> context)
        {
            if (rows is null)
            {
                return;
            }

            var periods = rows
                .Select((row, index) => (Index: index, Weekday: row?.Weekday, Opens: SpaceRules.MinutesOf(row?.Opens, false),
                    Closes: SpaceRules.MinutesOf(row?.Closes, true)))
                .Where(p => p.Weekday is not null && p.Opens is not null && p.Closes > p.Opens);
            foreach (var day in periods.GroupBy(p => p.Weekday))
            {
                var furthest = (Index: -1, Weekday: (DayOfWeek?)null, Opens: (int?)0, Closes: (int?)0);
                foreach (var period in day.OrderBy(p => p.Opens).ThenBy(p => p.Index))
                {
                    if (furthest.Index >= 0 && period.Opens < furthest.Closes)
                    {
                        context.AddFailure($"openingHours[{period.Index}]",
                            $"openingHours[{period.Index}] overlaps openingHours[{furthest.Index}] on {Day(period.Weekday)}.");
                    }

                    if (furthest.Index < 0 || period.Closes > furthest.Closes)
                    {
                        furthest = period;
                    }
                }
            }
        }

        private static string Day(DayOfWeek? day) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(day.ToString()!);
    }

    public sealed class AddressValidator : AbstractValidator<SpaceAddressInput>
    {
        public AddressValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(a => a.Street).MaximumLength(SpaceRules.MaxStreetLength);
            RuleFor(a => a.City).NotEmpty().MaximumLength(SpaceRules.MaxCityLength);
            RuleFor(a => a.Region).MaximumLength(SpaceRules.MaxRegionLength);
            RuleFor(a => a.PostalCode).MaximumLength(SpaceRules.MaxPostalCodeLength).Matches(SpaceRules.PostalCode())
                .WithMessage("postalCode must be 2–20 letters, digits, spaces or hyphens.");
            RuleFor(a => a.CountryCode).NotEmpty().Must(CountryCodes.IsAssigned)
                .WithMessage("countryCode must be an ISO 3166-1 alpha-2 code in upper case, such as US.");
        }
    }

    public sealed class LocationValidator : AbstractValidator<SpaceLocationInput>
    {
        public LocationValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(l => l.Lat).NotNull().WithMessage("lat and lon go together: give both, or leave location out.").InclusiveBetween(-90, 90);
            RuleFor(l => l.Lon).NotNull().WithMessage("lat and lon go together: give both, or leave location out.").InclusiveBetween(-180, 180);
        }
    }

    public sealed class OpeningHoursValidator : AbstractValidator<OpeningHoursInput>
    {
        public OpeningHoursValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(h => h.Weekday).NotNull().IsInEnum();
            RuleFor(h => h.Opens).NotEmpty().Must(t => SpaceRules.MinutesOf(t, allowEndOfDay: false) is not null)
                .WithMessage("opens must be a time of day as HH:mm, from 00:00 to 23:59.");
            RuleFor(h => h.Closes).NotEmpty().Must(t => SpaceRules.MinutesOf(t, allowEndOfDay: true) is not null)
                .WithMessage("closes must be a time of day as HH:mm, from 00:01 to 24:00.")
                .Must((h, closes) => SpaceRules.MinutesOf(h.Opens, false) is not { } opens || SpaceRules.MinutesOf(closes, true) > opens)
                .WithMessage("closes must be later than opens; a period that runs past midnight is two rows.");
        }
    }

    public sealed class MembershipPlanValidator : AbstractValidator<MembershipPlanInput>
    {
        public MembershipPlanValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(p => p.Name).NotEmpty().MaximumLength(SpaceRules.MaxNameLength);
            RuleFor(p => p.Price!).NotNull().SetValidator(new MoneyValidator());
            RuleFor(p => p.Interval).NotNull().IsInEnum();
        }
    }

    public sealed class MoneyValidator : AbstractValidator<MoneyInput>
    {
        public MoneyValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(m => m.Amount).NotEmpty().Matches(SpaceRules.MoneyAmount())
                .WithMessage("amount is a decimal string such as \"150.00\": up to 9 digits, then optionally 2 decimals. Free is \"0.00\".");
            RuleFor(m => m.Currency).NotEmpty().Must(CurrencyCodes.IsKnown)
                .WithMessage("currency must be an ISO 4217 code in upper case, such as USD.");
        }
    }
}
