using System.Globalization;
using System.Text;
using Alliances.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// The slug a space gets when its create leaves <c>slug</c> out: its name folded to ASCII and lowercased, words joined
/// by hyphens ("Café Zürich" → <c>cafe-zurich</c>), made unique in the alliance with <c>-2</c>, <c>-3</c>, …
/// </summary>
public static class SpaceSlugs
{
    /// <summary>For a name with no letter or digit that folds to ASCII (say, only CJK characters).</summary>
    public const string Fallback = "space";

    /// <summary>
    /// Latin letters with diacritics, and ligatures, to ASCII. A table rather than Unicode decomposition: the app runs with
    /// invariant globalization, where <c>string.Normalize</c> is not available everywhere, and the slug must not depend on
    /// the host.
    /// </summary>
    private static readonly Dictionary<char, string> Folds = BuildFolds();

    private static Dictionary<char, string> BuildFolds()
    {
        var folds = new Dictionary<char, string> { ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ð'] = "d", ['þ'] = "th", ['ĳ'] = "ij" };
        foreach (var (ascii, letters) in new[]
                 {
                     ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ďđ"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥħ"),
                     ("i", "ìíîïĩīĭįı"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"), ("n", "ñńņňŉ"), ("o", "òóôõöøōŏő"),
                     ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťŧț"), ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"), ("z", "źżž"),
                 })
        {
            foreach (var letter in letters)
            {
                folds[letter] = ascii;
            }
        }

        return folds;
    }

    /// <summary>The slug a name folds to, before it is made unique; never longer than <see cref="SpaceRules.MaxSlugLength"/>.</summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new StringBuilder(name.Length);
        var pendingHyphen = false;
        foreach (var c in name.ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // a combining accent typed as its own character: "e\u0301" is "e"
            }

            var ascii = char.IsAsciiLetterOrDigit(c) ? c.ToString() : Folds.GetValueOrDefault(c);
            if (ascii is null)
            {
                pendingHyphen = slug.Length > 0;
                continue;
            }

            if (pendingHyphen)
            {
                slug.Append('-');
                pendingHyphen = false;
            }

            slug.Append(ascii);
        }

        return slug.Length == 0 ? Fallback : Truncate(slug.ToString(), SpaceRules.MaxSlugLength);
    }

    /// <summary>
    /// <paramref name="name"/>'s slug, or the first of <c>-2</c>, <c>-3</c>, … no space of the alliance has. A concurrent
    /// create can still take it first; the caller retries (the unique index decides).
    /// </summary>
    public static async Task<string> UniqueAsync(AllianceDbContext db, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stem = FromName(name);
        var taken = (await db.Spaces.Where(s => s.Slug.StartsWith(Truncate(stem, SpaceRules.MaxSlugLength - 4)))
            .Select(s => s.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(stem))
        {
            return stem;
        }

        for (var n = 2; ; n++)
        {
            var suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
            var candidate = Truncate(stem, SpaceRules.MaxSlugLength - suffix.Length) + suffix;
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Cut to <paramref name="length"/>, never leaving a trailing hyphen.</summary>
    private static string Truncate(string slug, int length) => slug.Length <= length ? slug : slug[..length].TrimEnd('-');
}
