using Microsoft.AspNetCore.Http.Extensions;

namespace Alliances.Api.Infrastructure.Pagination;

/// <summary>Builds a page from rows fetched with <c>limit + 1</c>, and adds the <c>Link: rel="next"</c> header.</summary>
public static class PageResults
{
    /// <summary>
    /// <paramref name="rows"/> holds up to limit + 1 rows; the extra one only says there is a next page.
    /// </summary>
    public static Page<T> ToPage<T>(this IReadOnlyList<T> rows, PageRequest request, HttpContext http, Func<T, Cursor> cursorOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(cursorOf);
        if (rows.Count <= request.Limit)
        {
            return new Page<T>(rows, null);
        }

        var items = rows.Take(request.Limit).ToArray();
        var next = cursorOf(items[^1]).Encode();
        var query = QueryString.Create(http.Request.Query
            .Where(p => p.Key is not "cursor")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("cursor", next)));
        // Absolute on the public host, like Location: a link is followed as it is, from wherever the page was fetched.
        var origin = http.RequestServices.GetRequiredService<CanonicalUrls>().OriginOf(http);
        http.Response.Headers.Append("Link", $"<{origin}{UriHelper.BuildRelative(http.Request.PathBase, http.Request.Path, query)}>; rel=\"next\"");
        return new Page<T>(items, next);
    }
}
