namespace Alliances.Api.Infrastructure.Pagination;

/// <summary>One page of a list: <c>{ "items": [...], "nextCursor": "…" | null }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
