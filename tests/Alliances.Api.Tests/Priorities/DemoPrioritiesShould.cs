using Alliances.Api.Platform.Demo;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Alliances.Api.Tests.Priorities;

/// <summary>The demo alliance <c>seattle</c> starts with its organizers' three areas active, and ideas with votes.</summary>
public sealed class DemoPrioritiesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task SeedSeattle_WithTheThreeAreasActiveInOrder_AndIdeasWithVotes()
    {
        // The seeder runs only in Development; the test host is not, so it is built here as Development would build it.
        var seeder = new DemoAllianceSeeder(
            new HostingEnvironment { EnvironmentName = Environments.Development },
            api.Services.GetRequiredService<IAllianceCatalogStore>(),
            api.Services.GetRequiredService<AllianceProvisioner>(),
            api.Services.GetRequiredService<TenantScopeFactory>(),
            new ConfigurationBuilder().Build());
        await seeder.SeedAsync(CancellationToken.None);
        using var anonymous = api.Alliance(DemoAllianceSeeder.Subdomain);

        var active = await anonymous.ListAllAsync("?status=active");
        Assert.Equal(["support_new_spaces", "member_projects", "tools_and_investment"], active.Select(p => p.GetProperty("area").GetString()));
        Assert.Equal([1, 2, 3], active.Select(p => p.Rank()!.Value));
        Assert.Contains("open", active[0].GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);

        var ideas = await anonymous.ListAllAsync("?status=idea&sort=votes");
        Assert.True(ideas.Count >= 3, $"Only {ideas.Count} ideas were seeded.");
        Assert.True(ideas.Count(i => i.Votes() > 0) >= 3, "A handful of ideas should have votes.");
        Assert.True(ideas[0].Votes() > 1);

        var claim = new ClaimedAlliance(DemoAllianceSeeder.Subdomain, "", Guid.Empty);
        var tables = await PriorityTables.OfAsync(api, claim);
        foreach (var idea in ideas)
        {
            Assert.Equal(idea.Votes(), await tables.VoteRowsAsync(idea.Id()));
        }

        foreach (var priority in active)
        {
            var history = await anonymous.HistoryAsync(priority.Id());
            Assert.Equal(["propose", "promote"], history.Select(e => e.GetProperty("action").GetString()));
        }
    }
}
