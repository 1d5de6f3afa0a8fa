using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Priorities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Features.Alliance;

/// <summary>
/// <c>PATCH /v1/alliance</c> (organizer): a JSON Merge Patch of the profile and settings. <c>If-Match</c> is optional;
/// a stale one is 412. Lowering <c>maxActivePriorities</c> below the number of active priorities is 409
/// <c>priority-limit-below-active</c>, saying how many must be achieved or dropped first.
/// </summary>
/// <remarks>
/// Name, region and time zone belong to the platform catalog, the rest to the alliance's <c>alliance_settings</c> row.
/// Both change in one transaction on the tenant's connection: the settings row is locked first (so concurrent patches of
/// one alliance queue up), the settings are saved as the tenant role, then the catalog row is updated as the login role
/// (<see cref="CatalogProfile.UpdateInTransactionAsync"/>), and the commit makes both visible at once, or neither.
/// </remarks>
public static class UpdateAlliance
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPatch("/alliance", HandleAsync)
            .WithName("UpdateAlliance")
            .WithSummary("Change this alliance's profile and settings (JSON Merge Patch)")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsMergePatch<AllianceWrite>()
            .AcceptsQuery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<AllianceProfile>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        [FromBody] JsonElement patch,
        ITenantContextAccessor tenants,
        AppDataSource app,
        AllianceDbContext db,
        IValidator<AllianceWrite> validator,
        IOptions<JsonOptions> json,
        CanonicalUrls urls,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        var tenant = tenants.Required;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var settings = await db.AllianceSettings.FromSql($"SELECT * FROM alliance_settings FOR UPDATE").AsTracking().SingleAsync(cancellationToken);
        // Read after the lock: every earlier patch of this alliance has committed its catalog change by now.
        var catalog = await CatalogProfile.ReadAsync(app.DataSource, tenant.AllianceId, cancellationToken);
        if (catalog is null)
        {
            return ApiProblems.NotFound("alliance");
        }

        if (EntityTags.IfMatchFails(http.Request, AllianceProfile.ETagOf(tenant.AllianceId, catalog, settings)))
        {
            return ApiProblems.Problem(412, ProblemTypes.PreconditionFailed, "Precondition failed",
                "The alliance's profile has changed since the ETag in If-Match was issued. GET it again, reapply your change and retry.");
        }

        var write = JsonMergePatch.Apply(AllianceWrite.From(catalog, settings), patch, json.Value.SerializerOptions);
        var validation = await validator.ValidateAsync(write, cancellationToken);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.ToDictionary());
        }

        // The settings row is locked above, the same lock a promote takes before counting (PriorityLimit), so no promote
        // can add an active priority between this count and the commit.
        var maxActive = write.MaxActivePriorities ?? AllianceSettings.DefaultMaxActivePriorities;
        if (await PriorityLimit.RefuseLoweringBelowActiveAsync(db, settings, maxActive, cancellationToken) is { } belowActive)
        {
            return belowActive;
        }

        var now = clock.GetDatabaseNow();
        write.ApplyTo(settings);
        var name = write.Name!.Trim();
        var region = write.Region!.Trim();
        var timeZone = write.TimeZone!;
        var catalogChanged = name != catalog.Name || region != catalog.Region || timeZone != catalog.TimeZone;
        if (catalogChanged || db.ChangeTracker.HasChanges())
        {
            settings.Version++;
            settings.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            if (catalogChanged)
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                if (!await CatalogProfile.UpdateInTransactionAsync(connection, tenant.AllianceId, name, region, timeZone, now, cancellationToken))
                {
                    return ApiProblems.NotFound("alliance");
                }

                catalog = catalog with { Name = name, Region = region, TimeZone = timeZone, UpdatedAt = now };
            }

            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Headers.ETag = AllianceProfile.ETagOf(tenant.AllianceId, catalog, settings);
        return TypedResults.Ok(AllianceProfile.From(tenant, urls.Alliance(tenant.Subdomain), catalog, settings));
    }
}
