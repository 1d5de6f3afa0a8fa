using System.Reflection;
using System.Text.Json;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Validation;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// The query of <c>GET /v1/priorities</c>, bound by hand so that a bad value is a 400 naming the parameter:
/// <c>status</c> and <c>area</c> (one value each), and <c>sort</c>: <c>rank</c> (the default: active priorities by rank,
/// then everything else oldest first) or <c>votes</c> (most votes first, then oldest first).
/// </summary>
public sealed record PriorityFilter(PriorityStatus? Status, PriorityArea? Area, PrioritySort Sort)
{
    /// <summary>The query parameters this filter reads; the list endpoint adds <c>limit</c> and <c>cursor</c>.</summary>
    public static readonly string[] Parameters = ["status", "area", "sort"];

    public static ValueTask<PriorityFilter?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        return ValueTask.FromResult<PriorityFilter?>(new PriorityFilter(
            Enum<PriorityStatus>(query, "status"),
            Enum<PriorityArea>(query, "area"),
            Enum<PrioritySort>(query, "sort") ?? PrioritySort.Rank));
    }

    public IQueryable<Priority> Apply(IQueryable<Priority> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        if (Status is { } status)
        {
            priorities = priorities.Where(p => p.Status == status);
        }

        if (Area is { } area)
        {
            priorities = priorities.Where(p => p.Area == area);
        }

        return priorities;
    }

    private static TEnum? Enum<TEnum>(IQueryCollection query, string name)
        where TEnum : struct, Enum
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        var text = values.Count == 1 ? values[0]?.Trim() : null;
        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(SnakeCase(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var known = string.Join(", ", System.Enum.GetValues<TEnum>().Select(SnakeCase));
        throw new InvalidRequestException(name, $"{name} must be given once, as one of: {known}.");
    }

    private static string SnakeCase<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>The orders <c>GET /v1/priorities</c> can list in.</summary>
public enum PrioritySort
{
    /// <summary>Active priorities by rank, then every other priority oldest first.</summary>
    Rank,

    /// <summary>Most votes first; equal counts oldest first.</summary>
    Votes,
}
