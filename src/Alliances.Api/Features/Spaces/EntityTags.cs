using Microsoft.Extensions.Primitives;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// Strong ETags built from a resource's id and row version, and the two conditional-request checks of RFC 9110 §13.
/// The id is part of the tag so that a tag copied from one resource can never match another.
/// </summary>
/// <remarks>General-purpose; it sits with Spaces, its first user, until a second feature needs it in Infrastructure.</remarks>
public static class EntityTags
{
    public static string For(Guid id, long version) => $"\"{id:N}-{version}\"";

    /// <summary>
    /// True when <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>): the client's copy is current and
    /// the answer is 304. RFC 9110 §13.1.2 uses the weak comparison here, so <c>W/</c> is ignored.
    /// </summary>
    public static bool IfNoneMatchHits(HttpRequest request, string etag)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Tags(request.Headers.IfNoneMatch).Any(t => t == "*" || StripWeak(t) == etag);
    }

    /// <summary>
    /// True when the request carries <c>If-Match</c> and none of its tags is <paramref name="etag"/>: the client edits a
    /// copy that is no longer current, and the answer is 412. RFC 9110 §13.1.1 uses the strong comparison, so a weak tag
    /// never matches. Without <c>If-Match</c> the write goes ahead (last writer wins, by the client's choice).
    /// </summary>
    public static bool IfMatchFails(HttpRequest request, string etag)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tags = Tags(request.Headers.IfMatch).ToList();
        return tags.Count > 0 && !tags.Any(t => t == "*" || t == etag);
    }

    private static IEnumerable<string> Tags(StringValues headers) =>
        headers.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
