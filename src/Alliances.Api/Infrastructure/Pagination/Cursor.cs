using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Alliances.Api.Infrastructure.Pagination;

/// <summary>
/// An opaque position in a list ordered by (sort key, id): the last row of the previous page. Keyset paging on a key
/// plus the unique id means rows inserted mid-walk cause neither duplicates nor skips.
/// </summary>
public sealed record Cursor(string Key, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { Key, Id.ToString("N") }));

    public static bool TryDecode(string? text, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 1024)
        {
            return false;
        }

        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(text));
            // A forged cursor's key reaches a SQL comparison, so it obeys the same text rule as every other input.
            if (parts is not [var key, var id] || key is null || Validation.UnsafeText.IsUnsafe(key) || !Guid.TryParseExact(id, "N", out var guid))
            {
                return false;
            }

            cursor = new Cursor(key, guid);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or DecoderFallbackException or InvalidOperationException)
        {
            return false;
        }
    }
}
