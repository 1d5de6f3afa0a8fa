using System.Globalization;
using System.Text.RegularExpressions;
using Alliances.Api.Infrastructure;

namespace Alliances.Api.Features.Spaces;

/// <summary>The documented limits and formats of a space's fields, shared by the validator, the list filters and the docs.</summary>
public static partial class SpaceRules
{
    public const int MaxNameLength = 120;
    public const int MaxSlugLength = 60;
    public const int MaxDescriptionLength = 4000;
    public const int MaxUrlLength = 2048;
    public const int MaxEmailLength = 254;
    public const int MaxStreetLength = 200;
    public const int MaxCityLength = 120;
    public const int MaxRegionLength = 120;
    public const int MaxPostalCodeLength = 20;
    public const int MaxTimeZoneLength = 64;
    public const int MaxNeighborhoodLength = 120;
    public const int MaxAmenities = 30;
    public const int MaxAmenityLength = 40;
    public const int MaxOpeningHours = 28;
    public const int MaxMembershipPlans = 20;
    public const int MinCapacity = 1;
    public const int MaxCapacity = 100_000;

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    public static partial Regex Slug();

    [GeneratedRegex("^[a-z0-9]+(?:[-_][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    public static partial Regex Amenity();

    [GeneratedRegex(@"^\+?[0-9 ()\-.]{5,40}$", RegexOptions.CultureInvariant)]
    public static partial Regex Phone();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 -]{1,19}$", RegexOptions.CultureInvariant)]
    public static partial Regex PostalCode();

    [GeneratedRegex(@"^\d{1,9}(\.\d{2})?$", RegexOptions.CultureInvariant)]
    public static partial Regex MoneyAmount();

    /// <summary>
    /// An absolute http(s) URL with a host. Other schemes (<c>javascript:</c>, <c>file:</c>, …) are refused: these URLs
    /// are shown to people as links.
    /// </summary>
    public static bool IsWebUrl(string? text) =>
        text is not null && Uri.TryCreate(text, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    /// <summary>Minutes since midnight of an <c>HH:mm</c> time; <c>24:00</c> only when <paramref name="allowEndOfDay"/>.</summary>
    public static int? MinutesOf(string? time, bool allowEndOfDay)
    {
        if (time is not { Length: 5 } || time[2] != ':' ||
            !int.TryParse(time.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ||
            !int.TryParse(time.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes > 59)
        {
            return null;
        }

        if (hours < 24 || (allowEndOfDay && hours == 24 && minutes == 0))
        {
            return hours * 60 + minutes;
        }

        return null;
    }

    /// <summary><c>"150"</c> and <c>"150.00"</c> both become <c>"150.00"</c>; the amount has already passed <see cref="MoneyAmount"/>.</summary>
    public static string NormalizeAmount(string amount) =>
        decimal.Parse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The calendar date at <paramref name="instant"/> in an IANA time zone that has already been validated.</summary>
    public static DateOnly DateIn(DateTimeOffset instant, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);

    /// <summary>Now, at the microsecond precision PostgreSQL stores (see <see cref="DatabaseClock"/>).</summary>
    public static DateTimeOffset Now(TimeProvider clock) => clock.GetDatabaseNow();
}
