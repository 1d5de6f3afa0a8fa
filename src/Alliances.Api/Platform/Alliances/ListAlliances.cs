using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Platform.Alliances;

/// <summary><c>GET /v1/alliances</c>: the public directory of active alliances, by sub-domain.</summary>
public static class ListAlliances
{
    public const int MaxSearchLength = 200;

    private const string Sql =
        "SELECT id, subdomain, name, region, time_zone, created_at, updated_at FROM platform.alliances " +
        "WHERE state = 'active' AND ($1::text IS NULL OR (subdomain, id) > ($1, $2)) " +
        "AND ($4::text IS NULL OR name ILIKE $4 ESCAPE '\\' OR region ILIKE $4 ESCAPE '\\') ORDER BY subdomain, id LIMIT $3";

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/alliances", HandleAsync)
            .WithName("ListAlliances")
            .WithSummary("List active alliances")
            .AllowAnonymous()
            .WithDescription("q (optional, at most 200 characters) keeps alliances whose name or region contains it, ignoring case.")
            .AcceptsQuery("limit", "cursor", "q");

    public static async Task<Ok<Page<AllianceListing>>> HandleAsync(
        PageRequest page, AppDataSource app, CanonicalUrls urls, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(http);
        string? q = null;
        if (http.Request.Query.TryGetValue("q", out var values))
        {
            q = values.Count == 1 ? values[0]?.Trim() : null;
            if (string.IsNullOrEmpty(q) || SearchError(q) is not null)
            {
                throw new InvalidRequestException("q", q is { Length: > 0 } ? SearchError(q)! : "q must be given once, with a value.");
            }
        }

        var rows = await QueryAsync(app, urls, q, page.After, page.Limit + 1, cancellationToken);
        return TypedResults.Ok(rows.ToPage(page, http, a => new Cursor(a.Subdomain, a.Id)));
    }

    /// <summary>Why a search text is refused, or null when it is fine; the directory page shows the same message.</summary>
    public static string? SearchError(string q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return q.Length > MaxSearchLength ? $"q is at most {MaxSearchLength} characters." : null;
    }

    /// <summary>Active alliances by sub-domain after <paramref name="after"/>; the API's list and the directory page both read through it.</summary>
    public static async Task<List<AllianceListing>> QueryAsync(
        AppDataSource app, CanonicalUrls urls, string? q, Cursor? after, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(urls);
        await using var command = app.DataSource.CreateCommand(Sql);
        command.Parameters.Add(new() { Value = (object?)after?.Key ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = after?.Id ?? Guid.Empty });
        command.Parameters.Add(new() { Value = take });
        command.Parameters.Add(new() { Value = q is null ? DBNull.Value : "%" + Features.Spaces.SpaceFilter.EscapeLike(q) + "%", DataTypeName = "text" });
        var rows = new List<AllianceListing>(take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var subdomain = reader.GetString(1);
                rows.Add(new AllianceListing(reader.GetGuid(0), subdomain, reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    urls.Alliance(subdomain), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        return rows;
    }
}
