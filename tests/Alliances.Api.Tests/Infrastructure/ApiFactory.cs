using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alliances.Tenancy.Catalog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Infrastructure;

/// <summary>
/// The API in-process against the shared test database, with apex <c>alliances.test</c>. Each test class gets its own
/// server; tests create their own alliances with <see cref="ClaimAsync"/> so they never see each other's data.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Apex = "alliances.test";
    public const string OperatorKey = "test-operator-key-0123456789";

    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Extra configuration a derived factory or a test wants (e.g. a broken connection string).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Service overrides for a derived factory.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// True for a factory whose tests must run on a database of their own (<see cref="TestDatabase.CreateSeparateAsync"/>);
    /// against an external database with no superuser they fall back to the shared one.
    /// </summary>
    protected virtual bool SeparateDatabase => false;

    public async Task InitializeAsync()
    {
        _database = (SeparateDatabase ? await TestDatabase.CreateSeparateAsync() : null) ?? await TestDatabase.GetAsync();
        // Start the host now, so the platform schema is migrated and the catalog listener is up before any test runs.
        _ = Server;
        await Services.GetRequiredService<CatalogChangeListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
    }

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        // Development's scope checks, kept on under test: a scoped service (the tenant context above all) resolved from
        // the root provider would be one instance shared by every request, so it must fail here, not leak in production.
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
        builder.UseSetting("ConnectionStrings:Alliances", Database.App);
        builder.UseSetting("ConnectionStrings:AlliancesOwner", Database.Owner);
        builder.UseSetting("Alliances:ApexDomain", Apex);
        builder.UseSetting("Alliances:OperatorKey", OperatorKey);
        // Every test server shares one database, so a running dispatcher would deliver other classes' webhooks with its
        // own settings (and refuse their loopback receivers). Only the webhook tests' factory turns it on.
        builder.UseSetting("Alliances:Webhooks:RunDispatcher", "false");
        // Every claim of a test class comes from one client address, which the apex limits per minute; a class that
        // claims hundreds of alliances would be throttled by a limit that is not under test. The rate-limit tests set
        // their own limits through Settings.
        builder.UseSetting("Alliances:RateLimits:Platform:PermitLimit", "1000000");
        // Likewise for claims (per address and platform-wide: every test run claims thousands within the hour) and for
        // failed authentications, which the access matrix and the 401 tests make by the hundred from that one address.
        builder.UseSetting("Alliances:RateLimits:Claim:PermitLimit", "1000000");
        builder.UseSetting("Alliances:RateLimits:ClaimCeiling:PermitLimit", "100000000");
        builder.UseSetting("Alliances:RateLimits:FailedAuth:PermitLimit", "1000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(ConfigureTestServices);
    }

    /// <summary>A client whose requests carry <c>Host: {host}</c>.</summary>
    public HttpClient ClientFor(string host, string? bearer = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{host}"), AllowAutoRedirect = false });
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public HttpClient Platform(string? bearer = null) => ClientFor(Apex, bearer);

    public HttpClient Operator() => Platform(OperatorKey);

    public HttpClient Alliance(string subdomain, string? bearer = null) => ClientFor($"{subdomain}.{Apex}", bearer);

    /// <summary>A sub-domain no other test uses.</summary>
    public static string NewSubdomain(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Claims a fresh alliance and returns its sub-domain and organizer key.</summary>
    public async Task<ClaimedAlliance> ClaimAsync(string? subdomain = null)
    {
        subdomain ??= NewSubdomain();
        using var platform = Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ClaimBody(subdomain));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Claim of {subdomain} failed: {(int)response.StatusCode} {body}");
        }

        var claimed = System.Text.Json.JsonDocument.Parse(body).RootElement;
        return new ClaimedAlliance(subdomain, claimed.GetProperty("organizerKey").GetString()!, claimed.GetProperty("id").GetGuid());
    }

    public static object ClaimBody(string subdomain) => new
    {
        subdomain,
        name = $"Alliance {subdomain}",
        region = "Test Region",
        timeZone = "America/Los_Angeles",
        organizer = new { name = "Org Anizer", email = "organizer@example.org" },
    };
}

/// <summary>An alliance a test created: its label, its organizer key and its id.</summary>
public sealed record ClaimedAlliance(string Subdomain, string OrganizerKey, Guid Id);
