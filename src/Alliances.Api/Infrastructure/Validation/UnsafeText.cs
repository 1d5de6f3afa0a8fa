namespace Alliances.Api.Infrastructure.Validation;

/// <summary>
/// The one rule for text the API takes: no U+0000 and no unpaired UTF-16 surrogate. PostgreSQL stores neither (text
/// refuses NUL with 22021, jsonb refuses <c>\u0000</c> with 22P05), so such a string would otherwise fail deep in a
/// handler as a 500. <see cref="RequestTextGuard"/> applies it to every path, query, header and JSON body; the cursor
/// decoder applies it to the text inside a cursor.
/// </summary>
public static class UnsafeText
{
    public const string Message = "contains U+0000 or an unpaired surrogate, which no text in this API accepts.";

    public static bool IsUnsafe(ReadOnlySpan<char> text)
    {
        // Fast path: most text has neither a NUL nor any surrogate at all.
        if (!text.Contains('\0') && text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return true;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return true;
            }
        }

        return false;
    }
}
