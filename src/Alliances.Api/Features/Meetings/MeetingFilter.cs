using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Validation;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// The filters of <c>GET /v1/meetings</c>, bound from the query by hand so a bad value is a 400 naming the parameter:
/// <c>from</c> and <c>to</c> (ISO 8601 instants with <c>Z</c> or an offset; meetings that start in [from, to)),
/// <c>status</c>, <c>hostSpaceId</c> and <c>seriesId</c>.
/// </summary>
public sealed record MeetingFilter(DateTimeOffset? From, DateTimeOffset? To, MeetingStatus? Status, Guid? HostSpaceId, Guid? SeriesId)
{
    public static readonly string[] Parameters = ["from", "to", "status", "hostSpaceId", "seriesId"];

    public static ValueTask<MeetingFilter?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var from = Instant(query, "from");
        var to = Instant(query, "to");
        if (from is not null && to is not null && to <= from)
        {
            throw new InvalidRequestException("to", "to must be later than from.");
        }

        return ValueTask.FromResult<MeetingFilter?>(new MeetingFilter(
            from, to, StatusOf(query), Id(query, "hostSpaceId"), Id(query, "seriesId")));
    }

    public IQueryable<Meeting> Apply(IQueryable<Meeting> meetings)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        if (From is { } from)
        {
            meetings = meetings.Where(m => m.StartsAt >= from);
        }

        if (To is { } to)
        {
            meetings = meetings.Where(m => m.StartsAt < to);
        }

        if (Status is { } status)
        {
            meetings = meetings.Where(m => m.Status == status);
        }

        if (HostSpaceId is { } host)
        {
            meetings = meetings.Where(m => m.HostSpaceId == host);
        }

        if (SeriesId is { } series)
        {
            meetings = meetings.Where(m => m.SeriesId == series);
        }

        return meetings;
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

    private static DateTimeOffset? Instant(IQueryCollection query, string name)
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }

        // An instant needs its offset: "2026-03-10T18:00:00" alone would mean a different moment in every time zone.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset || !text.Contains('T', StringComparison.OrdinalIgnoreCase) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            throw new InvalidRequestException(name, $"{name} must be an ISO 8601 date and time with Z or an offset, such as 2026-03-10T00:00:00Z.");
        }

        return instant.ToUniversalTime();
    }

    private static MeetingStatus? StatusOf(IQueryCollection query)
    {
        if (Single(query, "status") is not { } text)
        {
            return null;
        }

        foreach (var value in Enum.GetValues<MeetingStatus>())
        {
            if (JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()) == text)
            {
                return value;
            }
        }

        throw new InvalidRequestException("status", "status must be one of: scheduled, cancelled, held.");
    }

    private static Guid? Id(IQueryCollection query, string name)
    {
        if (Single(query, name) is not { } text)
        {
            return null;
        }

        return Guid.TryParse(text, out var id) ? id : throw new InvalidRequestException(name, $"{name} must be a UUID.");
    }
}
