using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Authorization;

/// <summary>Who asks, in the authorization matrix: one column of the table each.</summary>
public enum Principal
{
    /// <summary>No Authorization header.</summary>
    Anonymous,

    /// <summary>The platform operator key.</summary>
    Operator,

    /// <summary>An organizer key of the alliance under test.</summary>
    Organizer,

    /// <summary>A space-owner key bound to the space the request targets ("space X").</summary>
    OwnerOfSpaceX,

    /// <summary>A space-owner key bound to another space of the same alliance ("space Y").</summary>
    OwnerOfSpaceY,

    /// <summary>An integration key of the alliance under test.</summary>
    Integration,

    /// <summary>An organizer key of another alliance.</summary>
    KeyOfAnotherAlliance,

    /// <summary>A revoked organizer key of the alliance under test.</summary>
    RevokedKey,
}

/// <summary>
/// One request of the matrix: a path with real ids, a body when the route takes one, and the space it acts on (space X
/// unless a fresh space is needed), whose owner is the <see cref="Principal.OwnerOfSpaceX"/> column.
/// </summary>
/// <param name="Form">For a route that takes a form rather than JSON (the claim page's POST).</param>
public sealed record MatrixRequest(string Path, object? Body = null, Guid? Space = null, Func<HttpContent>? Form = null);

/// <summary>
/// The alliance under test with spaces X and Y, another alliance, a key for every <see cref="Principal"/>, and fresh
/// targets for requests that change or consume what they touch (a key to revoke, a space to delete, an alliance to
/// suspend).
/// </summary>
public sealed class MatrixWorld
{
    private readonly Dictionary<Guid, string> _ownerKeys = [];

    private MatrixWorld(ApiFactory api, ClaimedAlliance home, ClaimedAlliance other)
    {
        Api = api;
        Home = home;
        Other = other;
    }

    public ApiFactory Api { get; }

    public ClaimedAlliance Home { get; }

    public ClaimedAlliance Other { get; }

    /// <summary>The space requests target unless they need a fresh one.</summary>
    public Guid SpaceX { get; private set; }

    /// <summary>Another space; its owner is the <see cref="Principal.OwnerOfSpaceY"/> column and it is never a target.</summary>
    public Guid SpaceY { get; private set; }

    public CreatedKey Integration { get; private set; } = null!;

    public CreatedKey Revoked { get; private set; } = null!;

    /// <summary>The alliance under test's host.</summary>
    public string HomeHost => $"{Home.Subdomain}.{ApiFactory.Apex}";

    public static async Task<MatrixWorld> CreateAsync(ApiFactory api)
    {
        var world = new MatrixWorld(api, await api.ClaimAsync(ApiFactory.NewSubdomain("mxhome")), await api.ClaimAsync(ApiFactory.NewSubdomain("mxother")));
        using var organizer = world.OrganizerClient();
        world.SpaceX = await world.FreshSpaceAsync();
        world.SpaceY = await world.FreshSpaceAsync();
        world.Integration = await organizer.CreateKeyAsync("integration", name: "integration");
        world.Revoked = await organizer.CreateKeyAsync("organizer", name: "revoked organizer");
        await organizer.RevokeKeyAsync(world.Revoked.Id);
        return world;
    }

    /// <summary>The Authorization key <paramref name="principal"/> sends with <paramref name="request"/>; null for none.</summary>
    public async Task<string?> KeyForAsync(Principal principal, MatrixRequest request) => principal switch
    {
        Principal.Anonymous => null,
        Principal.Operator => ApiFactory.OperatorKey,
        Principal.Organizer => Home.OrganizerKey,
        Principal.OwnerOfSpaceX => await OwnerKeyAsync(request.Space ?? SpaceX),
        Principal.OwnerOfSpaceY => await OwnerKeyAsync(SpaceY),
        Principal.Integration => Integration.Key,
        Principal.KeyOfAnotherAlliance => Other.OrganizerKey,
        Principal.RevokedKey => Revoked.Key,
        _ => throw new ArgumentOutOfRangeException(nameof(principal)),
    };

    public HttpClient OrganizerClient() => Api.Alliance(Home.Subdomain, Home.OrganizerKey);

    /// <summary>A body that creates a valid space with a slug no other space has.</summary>
    public static object NewSpaceBody()
    {
        var slug = "mx-" + Guid.NewGuid().ToString("N")[..12];
        return new { name = "Matrix " + slug, slug, kind = "coworking", status = "open" };
    }

    /// <summary>A new space of the alliance under test.</summary>
    public async Task<Guid> FreshSpaceAsync()
    {
        using var organizer = OrganizerClient();
        using var response = await organizer.PostAsJsonAsync("/v1/spaces", NewSpaceBody());
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>A new key of the alliance under test, for a request that would revoke it.</summary>
    /// <summary>The slug of one of the home alliance's spaces, for the page routes that name spaces by slug.</summary>
    public async Task<string> SlugOfAsync(Guid space)
    {
        using var organizer = OrganizerClient();
        using var response = await organizer.GetAsync($"/v1/spaces/{space}");
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("slug").GetString()!;
    }

    public async Task<Guid> FreshKeyIdAsync()
    {
        using var organizer = OrganizerClient();
        return (await organizer.CreateKeyAsync("integration", name: "matrix target")).Id;
    }

    /// <summary>A new active alliance, for an operator action that would change it.</summary>
    public async Task<string> FreshAllianceAsync() => (await Api.ClaimAsync(ApiFactory.NewSubdomain("mxtarget"))).Subdomain;

    /// <summary>A new suspended alliance, for a request that would resume it.</summary>
    public async Task<string> FreshSuspendedAllianceAsync()
    {
        var subdomain = await FreshAllianceAsync();
        using var operatorClient = Api.Operator();
        using var response = await operatorClient.PostAsync($"/v1/alliances/{subdomain}/suspend", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Suspending {subdomain}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return subdomain;
    }

    private async Task<string> OwnerKeyAsync(Guid space)
    {
        if (!_ownerKeys.TryGetValue(space, out var key))
        {
            using var organizer = OrganizerClient();
            key = (await organizer.CreateKeyAsync("space_owner", space, name: $"owner of {space}")).Key;
            _ownerKeys[space] = key;
        }

        return key;
    }
}

/// <summary>The API for the matrix, with its <see cref="MatrixWorld"/> made once and shared by every row.</summary>
public sealed class AuthorizationMatrixApi : ApiFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MatrixWorld? _world;

    public async Task<MatrixWorld> WorldAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _world ??= await MatrixWorld.CreateAsync(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
