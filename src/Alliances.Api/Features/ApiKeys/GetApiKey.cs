using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.ApiKeys;

/// <summary><c>GET /v1/api-keys/{id}</c> (organizer).</summary>
public static class GetApiKey
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/api-keys/{id:guid}", HandleAsync)
            .WithName("GetApiKey")
            .WithSummary("Get an API key")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> HandleAsync(Guid id, AllianceDbContext db, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is null ? ApiProblems.NotFound("API key") : TypedResults.Ok(ApiKeyView.From(key));
    }
}
