using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// The API on a real Kestrel server on a loopback port, for what the in-memory TestServer does not do the way a real
/// server does (streaming request-body limits). Configured like <see cref="ApiFactory"/>, whose start-up touches
/// <c>Server</c>, which a Kestrel-backed factory cannot; hence a separate factory.
/// </summary>
public sealed class KestrelApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;
    private Uri? _address;

    public KestrelApiFactory() => UseKestrel(0);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.GetAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    /// <summary>A client of the real server whose requests carry <c>Host: {host}</c>.</summary>
    public HttpClient ClientFor(string host, string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = _address ?? throw new InvalidOperationException("InitializeAsync has not run.") };
        client.DefaultRequestHeaders.Host = host;
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task<ClaimedAlliance> ClaimAsync()
    {
        var subdomain = ApiFactory.NewSubdomain();
        using var platform = ClientFor(ApiFactory.Apex);
        using var response = await platform.PostAsJsonAsync(new Uri("/v1/alliances", UriKind.Relative), ApiFactory.ClaimBody(subdomain));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return new ClaimedAlliance(subdomain, body.GetProperty("organizerKey").GetString()!, body.GetProperty("id").GetGuid());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = _database ?? throw new InvalidOperationException("InitializeAsync has not run.");
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Alliances", database.App);
        builder.UseSetting("ConnectionStrings:AlliancesOwner", database.Owner);
        builder.UseSetting("Alliances:ApexDomain", ApiFactory.Apex);
        builder.UseSetting("Alliances:OperatorKey", ApiFactory.OperatorKey);
        // Like ApiFactory: this server shares the test database, and a dispatcher here would claim the webhook tests'
        // deliveries and refuse their loopback receivers.
        builder.UseSetting("Alliances:Webhooks:RunDispatcher", "false");
        // Like ApiFactory: the claim ceiling counts every alliance in the shared database within the hour, and a full
        // run claims thousands, so the limits not under test here are lifted.
        builder.UseSetting("Alliances:RateLimits:Claim:PermitLimit", "1000000");
        builder.UseSetting("Alliances:RateLimits:ClaimCeiling:PermitLimit", "100000000");
        builder.UseSetting("Alliances:RateLimits:FailedAuth:PermitLimit", "1000000");
    }
}
