using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Naming;

namespace Alliances.Api.Tests.Platform;

/// <summary>
/// docs/architecture.md ("Claims and migrations"): a claim is one transaction, so a failure after any step leaves no catalog row, no schema and no role,
/// and the label stays claimable.
/// </summary>
public sealed class ClaimAtomicityShould(FailingClaimFactory api) : IClassFixture<FailingClaimFactory>
{
    private static readonly ProvisioningStep[] AllSteps = Enum.GetValues<ProvisioningStep>();

    public static TheoryData<ProvisioningStep> Steps() => new(AllSteps);

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task LeaveNoTrace_WhenTheClaimFailsAfter(ProvisioningStep step)
    {
        var subdomain = FailingClaimFactory.NewMarkedSubdomain();
        api.FailOnce(subdomain, step);
        var from = DateTimeOffset.UtcNow.AddMilliseconds(-50);

        using var platform = api.Platform();
        using (var failed = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain)))
        {
            var text = await failed.Content.ReadAsStringAsync();
            var problem = await failed.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal");
            // A 500 says nothing about its cause: no exception text, no SQL, no schema name, no stack trace.
            Assert.DoesNotContain("Injected", text, StringComparison.Ordinal);
            Assert.DoesNotContain("alliance_", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.False(problem.TryGetProperty("organizerKey", out _));
        }

        var to = DateTimeOffset.UtcNow.AddMilliseconds(50);

        // The failure really came after the chosen step, with every earlier step done inside the transaction.
        var expected = AllSteps.TakeWhile(s => s != step).Append(step);
        Assert.Equal(expected, api.StepsSeen(subdomain));

        Assert.Equal(0, await CatalogProbe.CountRowsAsync(api.Database, subdomain));
        var orphans = await CatalogProbe.FindOrphansAsync(api.Database, from, to);
        Assert.True(orphans.None, $"a failed claim after {step} left {orphans}");

        using (var availability = await platform.GetAsync($"/v1/subdomains/{subdomain}"))
        {
            var verdict = await availability.ReadJsonAsync();
            Assert.True(verdict.GetProperty("available").GetBoolean(), verdict.ToString());
        }

        using (var alliance = api.Alliance(subdomain))
        using (var host = await alliance.GetAsync("/v1/alliance"))
        {
            await host.AssertProblemAsync(HttpStatusCode.NotFound, "alliance-not-found");
        }

        // The same label can be claimed afterwards, and the alliance it gives is whole.
        var claimed = await api.ClaimAsync(subdomain);
        Assert.Equal(expected.Concat(AllSteps), api.StepsSeen(subdomain));
        Assert.Equal(1, await CatalogProbe.CountRowsAsync(api.Database, subdomain));
        var name = TenantDatabaseName.For(claimed.Id);
        Assert.True(await CatalogProbe.SchemaExistsAsync(api.Database, name));
        Assert.True(await CatalogProbe.RoleExistsAsync(api.Database, name));
        using var organizer = api.Alliance(subdomain, claimed.OrganizerKey);
        using var served = await CatalogProbe.EventuallyAsync(() => organizer.GetAsync("/v1/api-keys"), HttpStatusCode.OK);
        var keys = await served.ReadJsonAsync();
        Assert.Equal(1, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task LeaveOtherClaimsAlone()
    {
        // The injector is armed for a marked label only; an unmarked claim through the same server is untouched.
        var marked = FailingClaimFactory.NewMarkedSubdomain();
        api.FailOnce(marked, ProvisioningStep.CatalogRowInserted);
        var claimed = await api.ClaimAsync(ApiFactory.NewSubdomain());
        Assert.Empty(api.StepsSeen(claimed.Subdomain));
        Assert.Equal(1, await CatalogProbe.CountRowsAsync(api.Database, claimed.Subdomain));

        using var platform = api.Platform();
        using var failed = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(marked));
        await failed.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal");
    }
}
