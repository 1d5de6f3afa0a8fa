using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>The switches that weaken the SSRF guard: where start-up allows them, and what they then allow.</summary>
public sealed class WebhookOptionsValidationShould
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Development")]
    public async Task FailStartUp_WhenAllowLoopbackForTestsIsSetOutsideTesting(string environment)
    {
        await using var host = new MisconfiguredHost(environment, "AllowLoopbackForTests");

        var error = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains("Alliances:Webhooks:AllowLoopbackForTests", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Testing'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task FailStartUp_WhenAllowHttpIsSetOutsideDevelopment(string environment)
    {
        await using var host = new MisconfiguredHost(environment, "AllowHttp");

        var error = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains("Alliances:Webhooks:AllowHttp", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Testing", true, true, true)]
    [InlineData("Development", true, false, true)]
    [InlineData("Production", true, true, false)]
    [InlineData("Staging", true, false, false)]
    public void AcceptTheSwitches_OnlyWhereTheyAreAllowed(string environment, bool allowHttp, bool allowLoopback, bool valid)
    {
        var validator = new WebhookOptionsValidator(new HostingEnvironment { EnvironmentName = environment });

        var result = validator.Validate(null, new WebhookOptions { AllowHttp = allowHttp, AllowLoopbackForTests = allowLoopback });

        Assert.Equal(valid, result.Succeeded);
    }

    [Theory]
    [InlineData("Development", false, false)]
    [InlineData("Development", true, true)]
    [InlineData("Testing", false, false)]
    [InlineData("Testing", true, true)]
    [InlineData("Production", true, false)]
    public void AllowHttp_OnlyWhenTheOptionIsOn_InDevelopmentOrTesting(string environment, bool option, bool allowed)
    {
        var policy = WebhookTargetPolicy.From(new WebhookOptions { AllowHttp = option }, new HostingEnvironment { EnvironmentName = environment });

        Assert.Equal(allowed, policy.AllowHttp);
        Assert.False(policy.AllowLoopback);
    }

    [Theory]
    [InlineData("Testing", true)]
    [InlineData("Development", false)]
    [InlineData("Production", false)]
    public void AllowLoopback_OnlyInTesting(string environment, bool allowed)
    {
        var policy = WebhookTargetPolicy.From(new WebhookOptions { AllowLoopbackForTests = true }, new HostingEnvironment { EnvironmentName = environment });

        Assert.Equal(allowed, policy.AllowLoopback);
        Assert.False(policy.AllowHttp); // the loopback switch no longer lets http through
    }

    /// <summary>The API in <paramref name="environment"/> with one webhook switch on; starting it must fail.</summary>
    private sealed class MisconfiguredHost(string environment, string webhookSwitch) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Real connection strings, so that if the validation were missing the host would start (and the test fail)
            // instead of failing for a reason that is not under test.
            var database = TestDatabase.GetAsync().GetAwaiter().GetResult();
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:Alliances", database.App);
            builder.UseSetting("ConnectionStrings:AlliancesOwner", database.Owner);
            builder.UseSetting("Alliances:ApexDomain", ApiFactory.Apex);
            builder.UseSetting("Alliances:OperatorKey", ApiFactory.OperatorKey);
            builder.UseSetting("Alliances:Webhooks:RunDispatcher", "false");
            builder.UseSetting("Alliances:SeedDemo", "false"); // Development would otherwise claim 'seattle' in the test database
            builder.UseSetting($"Alliances:Webhooks:{webhookSwitch}", "true");
        }
    }
}
