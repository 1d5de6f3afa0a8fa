using System.Net.Http.Json;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// Every route served on an alliance host, and how to probe it across two alliances. <b>Adding an alliance route means
/// adding one line here</b>; <see cref="RouteCoverageShould"/> fails until you do, so no route skips isolation coverage.
/// A new kind of resource also needs one <see cref="TenantResource"/> (how to create one and which table holds it).
/// </summary>
public static class TenantRoutes
{
    public static IReadOnlyList<TenantRoute> All { get; } =
    [
        TenantRoute.Singleton("GET", "/v1/alliance", mentionsAlliance: true),
        TenantRoute.Singleton("PATCH", "/v1/alliance", marker => new { description = marker }),
        TenantRoute.Create("POST", "/v1/spaces", TenantResource.Spaces),
        TenantRoute.Collection("GET", "/v1/spaces", TenantResource.Spaces),
        TenantRoute.Item("GET", "/v1/spaces/{id:guid}", TenantResource.Spaces),
        TenantRoute.Item("PATCH", "/v1/spaces/{id:guid}", TenantResource.Spaces, marker => new { description = marker }),
        TenantRoute.Item("DELETE", "/v1/spaces/{id:guid}", TenantResource.Spaces),
        TenantRoute.Item("POST", "/v1/spaces/{id:guid}/welcome", TenantResource.Spaces),
        TenantRoute.Item("GET", "/v1/spaces/{id:guid}/spaceapi.json", TenantResource.Spaces),
        TenantRoute.Singleton("GET", "/v1/spaceapi-directory.json"),
        TenantRoute.Create("POST", "/v1/api-keys", TenantResource.ApiKeys),
        TenantRoute.Collection("GET", "/v1/api-keys", TenantResource.ApiKeys),
        TenantRoute.Item("GET", "/v1/api-keys/{id:guid}", TenantResource.ApiKeys),
        TenantRoute.Item("DELETE", "/v1/api-keys/{id:guid}", TenantResource.ApiKeys),
        TenantRoute.Create("POST", "/v1/webhooks", TenantResource.Webhooks),
        TenantRoute.Collection("GET", "/v1/webhooks", TenantResource.Webhooks),
        TenantRoute.Item("GET", "/v1/webhooks/{id:guid}", TenantResource.Webhooks),
        TenantRoute.Item("PATCH", "/v1/webhooks/{id:guid}", TenantResource.Webhooks, marker => new { url = $"https://hooks.example.org/{marker}/patched" }),
        TenantRoute.Item("DELETE", "/v1/webhooks/{id:guid}", TenantResource.Webhooks),
        TenantRoute.Item("POST", "/v1/webhooks/{id:guid}/rotate-secret", TenantResource.Webhooks),
        TenantRoute.Item("GET", "/v1/webhooks/{id:guid}/deliveries", TenantResource.Webhooks),
        TenantRoute.Item("POST", "/v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver", TenantResource.Webhooks, ownPath: PingedDeliveryAsync),
        TenantRoute.Item("POST", "/v1/webhooks/{id:guid}/ping", TenantResource.Webhooks),
        TenantRoute.Create("POST", "/v1/priorities", TenantResource.Priorities),
        TenantRoute.Collection("GET", "/v1/priorities", TenantResource.Priorities),
        TenantRoute.Singleton("PUT", "/v1/priorities/order", _ => new { ids = Array.Empty<Guid>() }), // before any promote: no active priority yet
        TenantRoute.Item("GET", "/v1/priorities/{id:guid}", TenantResource.Priorities),
        TenantRoute.Item("PATCH", "/v1/priorities/{id:guid}", TenantResource.Priorities, marker => new { title = marker }),
        TenantRoute.Item("DELETE", "/v1/priorities/{id:guid}", TenantResource.Priorities),
        TenantRoute.Item("POST", "/v1/priorities/{id:guid}/vote", TenantResource.Priorities),
        TenantRoute.Item("DELETE", "/v1/priorities/{id:guid}/vote", TenantResource.Priorities),
        TenantRoute.Item("POST", "/v1/priorities/{id:guid}/promote", TenantResource.Priorities),
        TenantRoute.Item("POST", "/v1/priorities/{id:guid}/achieve", TenantResource.Priorities, prepare: (c, id) => c.PostAsync($"/v1/priorities/{id}/promote", null)),
        TenantRoute.Item("POST", "/v1/priorities/{id:guid}/drop", TenantResource.Priorities, _ => new { reason = "Isolation probe." }),
        TenantRoute.Item("POST", "/v1/priorities/{id:guid}/reopen", TenantResource.Priorities, prepare: (c, id) => c.PostAsJsonAsync($"/v1/priorities/{id}/drop", new { reason = "Isolation probe." })),
        TenantRoute.Item("GET", "/v1/priorities/{id:guid}/history", TenantResource.Priorities),
        TenantRoute.Create("POST", "/v1/meetings", TenantResource.Meetings),
        TenantRoute.Collection("GET", "/v1/meetings", TenantResource.Meetings),
        TenantRoute.Item("GET", "/v1/meetings/{id:guid}", TenantResource.Meetings),
        TenantRoute.Item("PATCH", "/v1/meetings/{id:guid}", TenantResource.Meetings, marker => new { title = marker }),
        TenantRoute.Item("POST", "/v1/meetings/{id:guid}/cancel", TenantResource.Meetings, marker => new { reason = marker }),
        TenantRoute.Item("PUT", "/v1/meetings/{id:guid}/agenda", TenantResource.Meetings, marker => new { segments = new[] { new { title = marker, kind = "structured", minutes = 30 } } }),
        TenantRoute.Item("POST", "/v1/meetings/{id:guid}/agenda/reorder", TenantResource.Meetings, _ => new { from = 1, to = 0 }),
        TenantRoute.Item("POST", "/v1/meetings/{id:guid}/rsvps", TenantResource.Meetings, marker => new { name = marker, email = marker + "@example.org", response = "yes" }),
        TenantRoute.Item("GET", "/v1/meetings/{id:guid}/rsvps", TenantResource.Meetings),
        TenantRoute.Item("GET", "/v1/meetings/{id:guid}/rsvp-counts", TenantResource.Meetings),
        TenantRoute.Item("POST", "/v1/meetings/{id:guid}/attendance", TenantResource.Meetings, marker => new { name = marker }),
        TenantRoute.Item("GET", "/v1/meetings/{id:guid}/attendance", TenantResource.Meetings),
        TenantRoute.Item("PUT", "/v1/meetings/{id:guid}/minutes", TenantResource.Meetings, marker => new { markdown = marker }),
        TenantRoute.Item("GET", "/v1/meetings/{id:guid}/minutes", TenantResource.Meetings),
        TenantRoute.Item("GET", "/v1/meetings/{id:guid}.ics", TenantResource.Meetings),
        TenantRoute.Singleton("GET", "/v1/calendar.ics"),
        TenantRoute.Create("POST", "/v1/meeting-series", TenantResource.MeetingSeries),
        TenantRoute.Collection("GET", "/v1/meeting-series", TenantResource.MeetingSeries),
        TenantRoute.Item("GET", "/v1/meeting-series/{id:guid}", TenantResource.MeetingSeries),
        TenantRoute.Item("PATCH", "/v1/meeting-series/{id:guid}", TenantResource.MeetingSeries, marker => new { title = marker }),
        // The public pages. The home page shows every space, meeting and priority of its alliance, so it must show
        // nothing of the other's; a space page found by another alliance's space's slug is tested in PagesIsolationShould.
        TenantRoute.Singleton("GET", "/"),
        TenantRoute.Item("GET", "/spaces/{slug}", TenantResource.Spaces, ownPath: SpacePagePathAsync),
    ];

    /// <summary>The page of the host's own space: pages name spaces by slug, not id.</summary>
    private static async Task<string> SpacePagePathAsync(HttpClient organizer, Guid spaceId)
    {
        using var response = await organizer.GetAsync($"/v1/spaces/{spaceId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET space {spaceId}: {(int)response.StatusCode} {text}");
        return "/spaces/" + System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("slug").GetString();
    }

    /// <summary>Pings the host's own webhook and names the redelivery of the delivery that ping created.</summary>
    private static async Task<string> PingedDeliveryAsync(HttpClient organizer, Guid webhookId)
    {
        using var ping = await organizer.PostAsync($"/v1/webhooks/{webhookId}/ping", null);
        var text = await ping.Content.ReadAsStringAsync();
        Assert.True(ping.IsSuccessStatusCode, $"Ping of webhook {webhookId}: {(int)ping.StatusCode} {text}");
        var deliveryId = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("deliveryId").GetGuid();
        return $"/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver";
    }

    /// <summary>Every resource kind some route of the table names, each once.</summary>
    public static IReadOnlyList<TenantResource> Resources { get; } =
        All.Select(r => r.Resource).OfType<TenantResource>().Distinct().ToArray();
}

/// <summary>What a route does, which decides how it is probed.</summary>
public enum RouteShape
{
    /// <summary>A route about the alliance as a whole (<c>/v1/alliance</c>, <c>/v1/calendar.ics</c>): must answer 2xx and show none of the other alliance's data.</summary>
    Singleton,

    /// <summary>A list of one resource (<c>GET /v1/api-keys</c>): its ids must be exactly the host alliance's rows in the database.</summary>
    Collection,

    /// <summary>Creates one resource (<c>POST /v1/api-keys</c>): the new row lands in the host alliance's schema, nowhere else.</summary>
    Create,

    /// <summary>
    /// A path that names one resource by id, including actions and sub-resources under it (<c>/v1/api-keys/{id}</c>,
    /// <c>/v1/meetings/{id}/agenda</c>): every route parameter is replaced by the id. Another alliance's id is a 404.
    /// </summary>
    Item,
}

/// <summary>A kind of alliance data: where it is listed and created through the API, and which tenant table holds it.</summary>
/// <param name="Name">A short name used in markers and messages.</param>
/// <param name="CollectionPath">The collection route; <c>POST</c> creates, <c>GET</c> lists as <c>{ items, nextCursor }</c>.</param>
/// <param name="Table">The unqualified table in each alliance's schema: the ground truth the API is compared against.</param>
/// <param name="NewBody">The JSON body that creates one resource whose display name is the given marker.</param>
public sealed record TenantResource(string Name, string CollectionPath, string Table, Func<string, object> NewBody)
{
    public static TenantResource Spaces { get; } =
        new("spaces", "/v1/spaces", "spaces", marker => new { name = marker, slug = SlugOf(marker), kind = "coworking", status = "open" });

    public static TenantResource ApiKeys { get; } =
        new("api-keys", "/v1/api-keys", "api_keys", marker => new { name = marker, role = "integration" });

    /// <summary>
    /// Active, so that ping and redeliver accept them. Nothing sends the deliveries the probes create: the isolation
    /// tests run on a database of their own (<see cref="IsolationApiFactory"/>), out of reach of the webhook tests'
    /// dispatcher, which would otherwise retry them and mark the subscription failing mid-snapshot.
    /// </summary>
    public static TenantResource Webhooks { get; } =
        new("webhooks", "/v1/webhooks", "webhook_subscriptions",
            marker => new { url = $"https://hooks.example.org/{marker}", eventTypes = new[] { "space.created" } });

    public static TenantResource Priorities { get; } =
        new("priorities", "/v1/priorities", "priorities", marker => new { title = marker, area = "other" });

    /// <summary>Meetings in progress (started half an hour ago), so attendance and minutes are valid for them too.</summary>
    public static TenantResource Meetings { get; } =
        new("meetings", "/v1/meetings", "meetings", Alliances.Api.Tests.Meetings.MeetingMatrixTargets.InProgress);

    public static TenantResource MeetingSeries { get; } =
        new("meeting-series", "/v1/meeting-series", "meeting_series", Alliances.Api.Tests.Meetings.MeetingMatrixTargets.SeriesBody);

    public override string ToString() => Name;

    private static string SlugOf(string marker)
    {
        var slug = string.Join('-', new string(marker.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug[..Math.Min(60, slug.Length)].Trim('-');
    }
}

/// <summary>One alliance-host route: its method and pattern exactly as the endpoint data source reports them.</summary>
/// <param name="OwnPath">See <see cref="Item"/>.</param>
/// <param name="Prepare">For an action that needs its resource in some state first (achieve needs an active priority): run on the host's own new resource before the control request.</param>
public sealed record TenantRoute(
    string Method, string Pattern, RouteShape Shape, TenantResource? Resource, Func<string, object>? Body, bool MentionsAlliance,
    Func<HttpClient, Guid, Task<HttpResponseMessage>>? Prepare = null,
    Func<HttpClient, Guid, Task<string>>? OwnPath = null)
{
    /// <param name="body">For a singleton that writes (PATCH /v1/alliance): the body, given a unique marker.</param>
    /// <param name="mentionsAlliance">True when the answer must carry the host alliance's id and sub-domain.</param>
    public static TenantRoute Singleton(string method, string pattern, Func<string, object>? body = null, bool mentionsAlliance = false) =>
        new(method, pattern, RouteShape.Singleton, null, body, mentionsAlliance);

    public static TenantRoute Collection(string method, string pattern, TenantResource resource) =>
        new(method, pattern, RouteShape.Collection, resource, null, false);

    /// <param name="body">The creating body; defaults to <see cref="TenantResource.NewBody"/>.</param>
    public static TenantRoute Create(string method, string pattern, TenantResource resource, Func<string, object>? body = null) =>
        new(method, pattern, RouteShape.Create, resource, body ?? resource.NewBody, false);

    /// <param name="body">For actions that take a body (POST /v1/priorities/{id}/drop, PATCH /v1/spaces/{id}).</param>
    /// <param name="prepare">Puts the host's own resource into the state the action needs; its answer must be a success.</param>
    /// <param name="ownPath">
    /// For a route with a second id (a delivery of a webhook): builds the control request's path from the host's own new
    /// resource. Without it every route parameter is replaced by the resource's id, which is also what the probes with
    /// the other alliance's ids use.
    /// </param>
    public static TenantRoute Item(
        string method, string pattern, TenantResource resource, Func<string, object>? body = null,
        Func<HttpClient, Guid, Task<HttpResponseMessage>>? prepare = null,
        Func<HttpClient, Guid, Task<string>>? ownPath = null) =>
        new(method, pattern, RouteShape.Item, resource, body, false, prepare, ownPath);

    public HttpMethod HttpMethod => new(Method);

    /// <summary>The concrete path: every <c>{parameter}</c> of the pattern replaced by <paramref name="id"/>.</summary>
    public string PathFor(Guid? id = null)
    {
        var path = new System.Text.StringBuilder();
        var rest = Pattern.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            var close = rest.IndexOf('}');
            if (id is null)
            {
                throw new InvalidOperationException($"{this} has route parameters; pass an id.");
            }

            path.Append(rest[..open]).Append(id.Value.ToString());
            rest = rest[(close + 1)..];
        }

        return path.Append(rest).ToString();
    }

    public override string ToString() => Method + " " + Pattern;
}
