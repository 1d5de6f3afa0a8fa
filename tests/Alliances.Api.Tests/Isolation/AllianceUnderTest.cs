using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// A freshly claimed alliance seeded with a few resources of every kind in <see cref="TenantRoutes.Resources"/>, each
/// named with a marker unique to this alliance, so any of its data showing up on another host is easy to spot.
/// </summary>
public sealed class AllianceUnderTest : IDisposable
{
    private readonly ApiFactory _api;

    private AllianceUnderTest(ApiFactory api, ClaimedAlliance claim, TenantContext tenant)
    {
        _api = api;
        Claim = claim;
        Tenant = tenant;
        Organizer = api.Alliance(claim.Subdomain, claim.OrganizerKey);
        Anonymous = api.Alliance(claim.Subdomain);
    }

    public ClaimedAlliance Claim { get; }

    public TenantContext Tenant { get; }

    public Guid Id => Claim.Id;

    public string Subdomain => Claim.Subdomain;

    public string Host => $"{Claim.Subdomain}.{ApiFactory.Apex}";

    /// <summary>A client on this alliance's host carrying its organizer key.</summary>
    public HttpClient Organizer { get; }

    public HttpClient Anonymous { get; }

    /// <summary>Names given to the seeded resources.</summary>
    public List<string> Markers { get; } = [];

    /// <summary>Every key text of this alliance the test knows: the organizer key and any key a seed returned.</summary>
    public List<string> Secrets { get; } = [];

    public static async Task<AllianceUnderTest> CreateAsync(ApiFactory api, int perResource = 2)
    {
        ArgumentNullException.ThrowIfNull(api);
        var claim = await api.ClaimAsync();
        var alliance = new AllianceUnderTest(api, claim, await IsolationDb.TenantOfAsync(api.Database, claim));
        alliance.Secrets.Add(claim.OrganizerKey);
        foreach (var resource in TenantRoutes.Resources)
        {
            for (var i = 0; i < perResource; i++)
            {
                await alliance.CreateAsync(resource, $"{claim.Subdomain}-{resource.Name}-{i}");
            }
        }

        return alliance;
    }

    /// <summary>Creates one resource through the API (as organizer) and returns its id.</summary>
    public async Task<Guid> CreateAsync(TenantResource resource, string marker)
    {
        ArgumentNullException.ThrowIfNull(resource);
        using var response = await Organizer.PostAsJsonAsync(resource.CollectionPath, resource.NewBody(marker));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Markers.Add(marker);
        if (body.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
        {
            Secrets.Add(key.GetString()!);
        }

        return body.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// The smallest and the largest id this alliance holds of a resource: the oldest (for API keys, the organizer key
    /// made at the claim) and the newest. Enough to probe a route with another alliance's ids without trying them all.
    /// </summary>
    public async Task<Guid[]> ProbeIdsAsync(TenantResource resource)
    {
        var ids = (await RowIdsAsync(resource)).Order().ToArray();
        Assert.True(ids.Length > 1, $"{Subdomain} should hold several {resource} to probe with.");
        return [ids[0], ids[^1]];
    }

    /// <summary>The ids this alliance holds in the resource's table, read from the database (not through the API).</summary>
    public Task<HashSet<Guid>> RowIdsAsync(TenantResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return IsolationDb.RowIdsAsync(_api.Database, Tenant, resource.Table);
    }

    /// <summary>Every item of a collection through this alliance's host, following <c>nextCursor</c>.</summary>
    public Task<List<JsonElement>> ListAsync(TenantResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return ListAsync(resource.CollectionPath);
    }

    /// <summary>Every item of the list at <paramref name="collectionPath"/> on this alliance's host, following <c>nextCursor</c>.</summary>
    public async Task<List<JsonElement>> ListAsync(string collectionPath)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var path = collectionPath + "?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await Organizer.GetAsync(path);
            var page = await response.ReadJsonAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    /// <summary>
    /// Strings that belong to this alliance and to no other: its id, label, schema, markers and every row id. None of
    /// them may appear in a successful answer on another alliance's host.
    /// </summary>
    public async Task<List<string>> TokensAsync()
    {
        var tokens = new List<string> { Id.ToString(), Subdomain, Tenant.SchemaName };
        tokens.AddRange(Markers);
        foreach (var resource in TenantRoutes.Resources)
        {
            tokens.AddRange((await RowIdsAsync(resource)).Select(id => id.ToString()));
        }

        return tokens;
    }

    /// <summary>
    /// Everything this alliance shows about itself through its own host, plus the ids in its tables: compared before
    /// and after another alliance's requests to prove they changed nothing here.
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        var snapshot = new StringBuilder();
        using (var profile = await Anonymous.GetAsync("/v1/alliance"))
        {
            snapshot.AppendLine((await profile.ReadJsonAsync()).GetRawText());
        }

        foreach (var resource in TenantRoutes.Resources)
        {
            snapshot.Append(resource.Name).AppendLine(":");
            foreach (var item in (await ListAsync(resource)).OrderBy(i => i.GetProperty("id").GetGuid()))
            {
                snapshot.AppendLine(item.GetRawText());
            }

            snapshot.AppendLine(string.Join(",", (await RowIdsAsync(resource)).Order()));
        }

        return snapshot.ToString();
    }

    public void Dispose()
    {
        Organizer.Dispose();
        Anonymous.Dispose();
    }
}
