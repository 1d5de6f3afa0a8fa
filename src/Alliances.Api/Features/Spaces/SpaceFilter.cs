using System.Reflection;
using System.Text.Json;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// The filters of <c>GET /v1/spaces</c>, bound from the query by hand so that a bad value is a 400 naming the parameter:
/// <c>kind</c>, <c>status</c>, <c>neighborhood</c> (case-insensitive, exact), <c>amenity</c> (repeatable; a space must
/// have all of them), <c>q</c> (case-insensitive substring of name, description or neighbourhood), <c>welcomed</c>, and
/// <c>openNow</c> (open at this moment by the space's opening hours, read in the space's own time zone).
/// </summary>
public sealed record SpaceFilter(
    SpaceKind? Kind,
    SpaceStatus? Status,
    string? Neighborhood,
    IReadOnlyList<string> Amenities,
    string? Q,
    bool? Welcomed,
    bool? OpenNow = null)
{
    public const int MaxQueryLength = 200;

    /// <summary>The query parameters this filter reads; the list endpoint adds <c>limit</c> and <c>cursor</c>.</summary>
    public static readonly string[] Parameters = ["kind", "status", "neighborhood", "amenity", "q", "welcomed", "openNow"];

    public static ValueTask<SpaceFilter?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var amenities = query.TryGetValue("amenity", out var tags) ? tags.Select(t => Amenity(t)).Distinct(StringComparer.Ordinal).ToList() : [];
        if (amenities.Count > SpaceRules.MaxAmenities)
        {
            throw new InvalidRequestException("amenity", $"amenity can be given at most {SpaceRules.MaxAmenities} times.");
        }

        return ValueTask.FromResult<SpaceFilter?>(new SpaceFilter(
            Enum<SpaceKind>(query, "kind"),
            Enum<SpaceStatus>(query, "status"),
            Text(query, "neighborhood", SpaceRules.MaxNeighborhoodLength),
            amenities,
            Text(query, "q", MaxQueryLength),
            Boolean(query, "welcomed"),
            Boolean(query, "openNow")));
    }

    /// <summary>
    /// Adds the filters to a query of spaces; EF composes them over the keyset <c>FromSql</c>. <paramref name="openAt"/>
    /// is the query of spaces open now (<see cref="SpaceHours.OpenAt"/>), needed only when <see cref="OpenNow"/> is set.
    /// </summary>
    public IQueryable<Space> Apply(IQueryable<Space> spaces, IQueryable<Space>? openAt = null)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        if (OpenNow is { } openNow)
        {
            var open = (openAt ?? throw new ArgumentNullException(nameof(openAt))).Select(s => s.Id);
            spaces = openNow ? spaces.Where(s => open.Contains(s.Id)) : spaces.Where(s => !open.Contains(s.Id));
        }

        if (Kind is { } kind)
        {
            spaces = spaces.Where(s => s.Kind == kind);
        }

        if (Status is { } status)
        {
            spaces = spaces.Where(s => s.Status == status);
        }

        if (Neighborhood is { } neighborhood)
        {
            // ILIKE without wildcards: an exact match that ignores case the way the database does.
            var exact = EscapeLike(neighborhood);
            spaces = spaces.Where(s => s.Neighborhood != null && EF.Functions.ILike(s.Neighborhood, exact, "\\"));
        }

        foreach (var amenity in Amenities)
        {
            spaces = spaces.Where(s => s.Amenities.Contains(amenity));
        }

        if (Q is { } q)
        {
            var pattern = "%" + EscapeLike(q) + "%";
            spaces = spaces.Where(s =>
                EF.Functions.ILike(s.Name, pattern, "\\") ||
                (s.Description != null && EF.Functions.ILike(s.Description, pattern, "\\")) ||
                (s.Neighborhood != null && EF.Functions.ILike(s.Neighborhood, pattern, "\\")));
        }

        if (Welcomed is { } welcomed)
        {
            spaces = welcomed ? spaces.Where(s => s.WelcomedAt != null) : spaces.Where(s => s.WelcomedAt == null);
        }

        return spaces;
    }

    /// <summary>A search for "100%" looks for the text "100%", not for everything that starts with 100.</summary>
    public static string EscapeLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            throw new InvalidRequestException(name, $"{name} must be given once, with a value.");
        }

        return values[0]!.Trim();
    }

    private static TEnum? Enum<TEnum>(IQueryCollection query, string name)
        where TEnum : struct, Enum
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }

        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var known = string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString())));
        throw new InvalidRequestException(name, $"{name} must be one of: {known}.");
    }

    private static string? Text(IQueryCollection query, string name, int maxLength)
    {
        var text = Single(query, name);
        if (text is { Length: > 0 } && text.Length > maxLength)
        {
            throw new InvalidRequestException(name, $"{name} is at most {maxLength} characters.");
        }

        return text;
    }

    private static bool? Boolean(IQueryCollection query, string name) => Single(query, name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw new InvalidRequestException(name, $"{name} must be true or false."),
    };

    private static string Amenity(string? tag)
    {
        if (tag is null || tag.Length > SpaceRules.MaxAmenityLength || !SpaceRules.Amenity().IsMatch(tag))
        {
            throw new InvalidRequestException("amenity", "amenity is a lowercase tag such as bike_storage; repeat the parameter for several.");
        }

        return tag;
    }
}
