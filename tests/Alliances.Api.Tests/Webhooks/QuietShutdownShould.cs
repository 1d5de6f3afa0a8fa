using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Errors;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Issue #16, defect 11: a normal stop is quiet. It used to log <c>crit … WebhookDispatcher … OperationCanceledException</c>
/// (a BackgroundService that throws on stop is reported as a failure that stops the host).
/// </summary>
public sealed class QuietShutdownShould
{
    [Fact]
    public async Task LogNoErrorOnStop_WithTheDispatcherRunning()
    {
        var factory = new DispatchingFactory();
        await factory.InitializeAsync();
        var alliance = await factory.ClaimAsync();
        // Work for the dispatcher, so it is mid-sweep or listening when the stop comes.
        using (var client = factory.Alliance(alliance.Subdomain, alliance.OrganizerKey))
        using (var created = await client.PostAsync(new Uri("/v1/spaces", UriKind.Relative),
                   new StringContent("""{"name":"Stop","slug":"stop","kind":"coworking","status":"open"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        var dispatcher = factory.Services.GetServices<IHostedService>().OfType<WebhookDispatcher>().Single();
        Assert.NotNull(dispatcher.ExecuteTask);
        await factory.DisposeAsync();

        Assert.True(dispatcher.ExecuteTask!.IsCompletedSuccessfully, $"the dispatcher ended {dispatcher.ExecuteTask.Status}");
        var loud = factory.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();
        Assert.Empty(loud);
    }

    private sealed class DispatchingFactory : ApiFactory
    {
        public CapturedLogs Logs { get; } = new();

        protected override bool SeparateDatabase => true;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Alliances:Webhooks:RunDispatcher"] = "true",
        };

        protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }
}
