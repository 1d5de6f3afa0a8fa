using System.Globalization;
using System.Reflection;
using Alliances.Api.Infrastructure.Validation;

namespace Alliances.Api.Infrastructure.Pagination;

/// <summary>
/// <c>?limit=</c> (1–100, default 20) and <c>?cursor=</c>, bound from the query. Bad values are a 400 naming the
/// parameter, never a silent default.
/// </summary>
public sealed record PageRequest(int Limit, Cursor? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static ValueTask<PageRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (limitText.Count != 1 || !int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) ||
                limit is < 1 or > MaxLimit)
            {
                throw new InvalidRequestException("limit", $"limit must be a whole number from 1 to {MaxLimit}.");
            }
        }

        Cursor? after = null;
        if (query.TryGetValue("cursor", out var cursorText))
        {
            if (cursorText.Count != 1 || !Cursor.TryDecode(cursorText[0], out var decoded))
            {
                throw new InvalidRequestException("cursor", "cursor is not one this API issued; start again without it.");
            }

            after = decoded;
        }

        return ValueTask.FromResult<PageRequest?>(new PageRequest(limit, after));
    }
}
