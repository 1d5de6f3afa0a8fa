using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Platform.Alliances;

/// <summary><c>GET /v1/alliances</c>: the public directory of active alliances, by sub-domain.</summary>
public static class ListAlliances
{
    private const string Sql =
        "SELECT id, subdomain, name, region, time_zone, created_at, updated_at FROM platform.alliances " +
        "WHERE state = 'active' AND ($1::text IS NULL OR (subdomain, id) > ($1, $2)) ORDER BY subdomain, id LIMIT $3";

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/alliances", HandleAsync)
            .WithName("ListAlliances")
            .WithSummary("List active alliances")
            .AllowAnonymous()
            .AcceptsQuery("limit", "cursor");

    public static async Task<Ok<Page<AllianceListing>>> HandleAsync(
        PageRequest page, AppDataSource app, CanonicalUrls urls, HttpContext http, CancellationToken cancellationToken)
    {
        await using var command = app.DataSource.CreateCommand(Sql);
        command.Parameters.Add(new() { Value = (object?)page.After?.Key ?? DBNull.Value, DataTypeName = "text" });
        command.Parameters.Add(new() { Value = page.After?.Id ?? Guid.Empty });
        command.Parameters.Add(new() { Value = page.Limit + 1 });
        var rows = new List<AllianceListing>(page.Limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var subdomain = reader.GetString(1);
                rows.Add(new AllianceListing(reader.GetGuid(0), subdomain, reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    urls.Alliance(subdomain), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        return TypedResults.Ok(rows.ToPage(page, http, a => new Cursor(a.Subdomain, a.Id)));
    }
}
