using Alliances.Api.Data;
using Alliances.Api.Platform.Provisioning;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Naming;

namespace Alliances.Api.Platform.Demo;

/// <summary>
/// In Development, claims the <c>seattle</c> demo alliance on first start and prints its organizer key to the console
/// once. The key goes to standard output, not to the log, so it never lands in a log store.
/// </summary>
public sealed class DemoAllianceSeeder(
    IHostEnvironment environment,
    IAllianceCatalogStore catalog,
    AllianceProvisioner provisioner,
    TenantScopeFactory tenantScopes,
    IConfiguration configuration)
{
    public const string Subdomain = "seattle";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("Alliances:SeedDemo", true))
        {
            return;
        }

        if (await catalog.FindBySubdomainAsync(Subdomain, cancellationToken) is not null)
        {
            return;
        }

        ProvisionedAlliance alliance;
        try
        {
            alliance = await provisioner.ProvisionAsync(
                new AllianceClaim(Subdomain, "Seattle Collaborative Space Alliance", "Seattle, WA", "America/Los_Angeles",
                    "Demo Organizer", "organizer@seattle.example"),
                cancellationToken);
        }
        catch (SubdomainTakenException)
        {
            return; // another process seeded it a moment ago
        }

        await Console.Out.WriteLineAsync(
            $"""

             ------------------------------------------------------------------------------
              Demo alliance 'seattle' created. Its organizer key is shown once, now:

                  {alliance.OrganizerKey}

              Try: curl -H "Authorization: Bearer {alliance.OrganizerKey}" http://seattle.localhost:5080/v1/api-keys
             ------------------------------------------------------------------------------

             """);

        // After the key is shown, so a failure here cannot lose it.
        await SeedSpacesAsync(alliance, cancellationToken);
    }

    /// <summary>The alliance's member spaces and its priorities, written through the tenant's own DbContext as any request would.</summary>
    private async Task SeedSpacesAsync(ProvisionedAlliance alliance, CancellationToken cancellationToken)
    {
        var schema = TenantDatabaseName.For(alliance.Id);
        await using var scope = tenantScopes.Begin(
            new TenantContext(alliance.Id, alliance.Subdomain, schema, schema, alliance.Name, alliance.TimeZone));
        var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
        db.Spaces.AddRange(DemoSpaces.Seattle(alliance.CreatedAt));
        await db.SaveChangesAsync(cancellationToken);
        // Priorities name spaces as owners, so they come after them.
        await DemoPriorities.SeedAsync(db, alliance.CreatedAt, cancellationToken);
        await DemoMeetings.SeedAsync(db, alliance.CreatedAt, cancellationToken);
    }
}
