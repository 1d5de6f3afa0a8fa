using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Priorities;
using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Authorization;

/// <summary>
/// Who gets what, for every route the API maps. The table is the specification: a route that is not in it fails
/// <see cref="HaveARowForEveryMappedRoute"/>, and every row is exercised with a valid request for every principal, so
/// the status in each cell is about who asks, not about what was sent.
/// </summary>
public sealed class AuthorizationMatrixShould(AuthorizationMatrixApi api) : IClassFixture<AuthorizationMatrixApi>
{
    private const HostScope Platform = HostScope.Platform;
    private const HostScope Alliance = HostScope.Alliance;

    // One line per route: its host, its method and its template exactly as mapped, then the status each principal gets.
    //   Anon  no key                     Oper  the platform operator key       Org   organizer key of this alliance
    //   OwnX  space owner of space X     OwnY  space owner of space Y          Intg  integration key
    //   Othr  key of another alliance    Rvkd  revoked key of this alliance
    // 401 = no valid key for this host (the apex knows only the operator key; an alliance host only its own keys, and a
    // presented bad key is refused even on public routes). 403 = a valid key whose role may not do this.
    // OwnX owns the space the request targets, OwnY another space of the same alliance.
    private static readonly MatrixRow[] Matrix =
    [
        //  host      method    route                                     Anon Oper Org  OwnX OwnY Intg Othr Rvkd
        new(Platform, "POST",   "/v1/alliances",                          201, 201, 401, 401, 401, 401, 401, 401),
        new(Platform, "GET",    "/v1/alliances",                          200, 200, 401, 401, 401, 401, 401, 401),
        new(Platform, "GET",    "/v1/subdomains/{label}",                 200, 200, 401, 401, 401, 401, 401, 401),
        new(Platform, "POST",   "/v1/alliances/{subdomain}/suspend",      401, 200, 401, 401, 401, 401, 401, 401),
        new(Platform, "POST",   "/v1/alliances/{subdomain}/resume",       401, 200, 401, 401, 401, 401, 401, 401),
        new(Platform, "DELETE", "/v1/alliances/{subdomain}",              401, 200, 401, 401, 401, 401, 401, 401),
        new(Platform, "POST",   "/v1/alliances/{subdomain}/organizer-keys", 401, 201, 401, 401, 401, 401, 401, 401),
        new(Alliance, "GET",    "/v1/alliance",                           200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "PATCH",  "/v1/alliance",                           401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/spaces",                             200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "POST",   "/v1/spaces",                             401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/spaces/{id:guid}",                   200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "PATCH",  "/v1/spaces/{id:guid}",                   401, 401, 200, 200, 403, 403, 401, 401),
        new(Alliance, "DELETE", "/v1/spaces/{id:guid}",                   401, 401, 204, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/spaces/{id:guid}/welcome",           401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/spaces/{id:guid}/spaceapi.json",     200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/v1/spaceapi-directory.json",            200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "POST",   "/v1/api-keys",                           401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/api-keys",                           401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/api-keys/{id:guid}",                 401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "DELETE", "/v1/api-keys/{id:guid}",                 401, 401, 204, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/webhooks",                           401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/webhooks",                           401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/webhooks/{id:guid}",                 401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "PATCH",  "/v1/webhooks/{id:guid}",                 401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "DELETE", "/v1/webhooks/{id:guid}",                 401, 401, 204, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/webhooks/{id:guid}/rotate-secret",   401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/webhooks/{id:guid}/deliveries",      401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver", 401, 401, 202, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/webhooks/{id:guid}/ping",            401, 401, 202, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/priorities",                         401, 401, 201, 201, 201, 403, 401, 401),
        new(Alliance, "GET",    "/v1/priorities",                         200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/v1/priorities/{id:guid}",               200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "PATCH",  "/v1/priorities/{id:guid}",               401, 401, 200, 200, 403, 403, 401, 401),
        new(Alliance, "DELETE", "/v1/priorities/{id:guid}",               401, 401, 204, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/priorities/{id:guid}/vote",          401, 401, 200, 200, 200, 403, 401, 401),
        new(Alliance, "DELETE", "/v1/priorities/{id:guid}/vote",          401, 401, 200, 200, 200, 403, 401, 401),
        new(Alliance, "POST",   "/v1/priorities/{id:guid}/promote",       401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/priorities/{id:guid}/achieve",       401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/priorities/{id:guid}/drop",          401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/priorities/{id:guid}/reopen",        401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "PUT",    "/v1/priorities/order",                   401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/priorities/{id:guid}/history",       200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "POST",   "/v1/meetings",                           401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/meetings",                           200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/v1/meetings/{id:guid}",                 200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "PATCH",  "/v1/meetings/{id:guid}",                 401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/meetings/{id:guid}/cancel",          401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "PUT",    "/v1/meetings/{id:guid}/agenda",          401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/meetings/{id:guid}/agenda/reorder",  401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "POST",   "/v1/meetings/{id:guid}/rsvps",           401, 401, 201, 201, 201, 403, 401, 401),
        new(Alliance, "GET",    "/v1/meetings/{id:guid}/rsvps",           401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/meetings/{id:guid}/rsvp-counts",     200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "POST",   "/v1/meetings/{id:guid}/attendance",      401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/meetings/{id:guid}/attendance",      401, 401, 200, 403, 403, 403, 401, 401),
        new(Alliance, "PUT",    "/v1/meetings/{id:guid}/minutes",         401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/meetings/{id:guid}/minutes",         200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/v1/meetings/{id:guid}.ics",             200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/v1/calendar.ics",                       200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "POST",   "/v1/meeting-series",                     401, 401, 201, 403, 403, 403, 401, 401),
        new(Alliance, "GET",    "/v1/meeting-series",                     200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/v1/meeting-series/{id:guid}",           200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "PATCH",  "/v1/meeting-series/{id:guid}",           401, 401, 200, 403, 403, 403, 401, 401),
        // The public pages: anyone may read them; a presented key is checked as on every public route.
        new(Alliance, "GET",    "/",                                      200, 401, 200, 200, 200, 200, 401, 401),
        new(Alliance, "GET",    "/spaces/{slug}",                         200, 401, 200, 200, 200, 200, 401, 401),
        new(Platform, "GET",    "/",                                      200, 200, 401, 401, 401, 401, 401, 401),
        new(Platform, "GET",    "/start",                                 200, 200, 401, 401, 401, 401, 401, 401),
        // Open to anyone; the matrix's form has no anti-forgery token (that needs the GET's cookie), so it is refused 400.
        new(Platform, "POST",   "/start",                                 400, 400, 401, 401, 401, 401, 401, 401),
    ];

    // How to build a valid request for a route: the path with real ids, and a body where one is needed. A request that
    // would consume its target (revoke, delete, welcome, suspend) gets a fresh one per cell; a request on a space says
    // which (OwnX owns it). A route whose template has no parameters and that takes no body needs no entry here.
    private static readonly Dictionary<string, Func<MatrixWorld, Task<MatrixRequest>>> Requests = new()
    {
        ["POST /v1/alliances"] = _ => Send("/v1/alliances", ApiFactory.ClaimBody(ApiFactory.NewSubdomain("mxclaim"))),
        ["GET /v1/subdomains/{label}"] = _ => Send("/v1/subdomains/" + ApiFactory.NewSubdomain("mxfree")),
        ["POST /v1/alliances/{subdomain}/suspend"] = async w => new($"/v1/alliances/{await w.FreshAllianceAsync()}/suspend"),
        ["POST /v1/alliances/{subdomain}/resume"] = async w => new($"/v1/alliances/{await w.FreshSuspendedAllianceAsync()}/resume"),
        ["DELETE /v1/alliances/{subdomain}"] = async w => ConfirmedDelete(await w.FreshAllianceAsync()),
        ["POST /v1/alliances/{subdomain}/organizer-keys"] = async w => new($"/v1/alliances/{await w.FreshAllianceAsync()}/organizer-keys", new { reason = "Authorization matrix." }),
        ["PATCH /v1/alliance"] = _ => Send("/v1/alliance", new { description = "Edited by the authorization matrix." }),
        ["POST /v1/spaces"] = _ => Send("/v1/spaces", MatrixWorld.NewSpaceBody()),
        ["GET /v1/spaces/{id:guid}"] = w => Send($"/v1/spaces/{w.SpaceX}"),
        ["PATCH /v1/spaces/{id:guid}"] = w => Send($"/v1/spaces/{w.SpaceX}", new { description = "Edited by the authorization matrix." }),
        ["DELETE /v1/spaces/{id:guid}"] = async w => OnSpace(await w.FreshSpaceAsync()),
        ["POST /v1/spaces/{id:guid}/welcome"] = async w => OnSpace(await w.FreshSpaceAsync(), "/welcome"),
        ["GET /v1/spaces/{id:guid}/spaceapi.json"] = w => Send($"/v1/spaces/{w.SpaceX}/spaceapi.json"),
        ["POST /v1/api-keys"] = _ => Send("/v1/api-keys", new { name = "matrix", role = "integration" }),
        ["GET /v1/api-keys/{id:guid}"] = w => Send($"/v1/api-keys/{w.Integration.Id}"),
        ["DELETE /v1/api-keys/{id:guid}"] = async w => new($"/v1/api-keys/{await w.FreshKeyIdAsync()}"),
        ["POST /v1/webhooks"] = Webhooks.WebhookMatrixTargets.Create,
        ["GET /v1/webhooks/{id:guid}"] = Webhooks.WebhookMatrixTargets.Item,
        ["PATCH /v1/webhooks/{id:guid}"] = Webhooks.WebhookMatrixTargets.Patch,
        ["DELETE /v1/webhooks/{id:guid}"] = Webhooks.WebhookMatrixTargets.Item,
        ["POST /v1/webhooks/{id:guid}/rotate-secret"] = Webhooks.WebhookMatrixTargets.Rotate,
        ["GET /v1/webhooks/{id:guid}/deliveries"] = Webhooks.WebhookMatrixTargets.Deliveries,
        ["POST /v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver"] = Webhooks.WebhookMatrixTargets.Redeliver,
        ["POST /v1/webhooks/{id:guid}/ping"] = Webhooks.WebhookMatrixTargets.Ping,
        ["POST /v1/priorities"] = PriorityMatrixTargets.Create,
        ["GET /v1/priorities/{id:guid}"] = PriorityMatrixTargets.Item,
        ["PATCH /v1/priorities/{id:guid}"] = PriorityMatrixTargets.Patch,
        ["DELETE /v1/priorities/{id:guid}"] = PriorityMatrixTargets.Item,
        ["POST /v1/priorities/{id:guid}/vote"] = PriorityMatrixTargets.Vote,
        ["DELETE /v1/priorities/{id:guid}/vote"] = PriorityMatrixTargets.Vote,
        ["POST /v1/priorities/{id:guid}/promote"] = PriorityMatrixTargets.Promote,
        ["POST /v1/priorities/{id:guid}/achieve"] = PriorityMatrixTargets.Achieve,
        ["POST /v1/priorities/{id:guid}/drop"] = PriorityMatrixTargets.Drop,
        ["POST /v1/priorities/{id:guid}/reopen"] = PriorityMatrixTargets.Reopen,
        ["PUT /v1/priorities/order"] = PriorityMatrixTargets.Order,
        ["GET /v1/priorities/{id:guid}/history"] = PriorityMatrixTargets.History,
        ["POST /v1/meetings"] = MeetingMatrixTargets.Create,
        ["GET /v1/meetings/{id:guid}"] = MeetingMatrixTargets.Meeting,
        ["PATCH /v1/meetings/{id:guid}"] = MeetingMatrixTargets.Patch,
        ["POST /v1/meetings/{id:guid}/cancel"] = MeetingMatrixTargets.Cancel,
        ["PUT /v1/meetings/{id:guid}/agenda"] = MeetingMatrixTargets.Agenda,
        ["POST /v1/meetings/{id:guid}/agenda/reorder"] = MeetingMatrixTargets.Reorder,
        ["POST /v1/meetings/{id:guid}/rsvps"] = MeetingMatrixTargets.Rsvp,
        ["GET /v1/meetings/{id:guid}/rsvps"] = MeetingMatrixTargets.Rsvps,
        ["GET /v1/meetings/{id:guid}/rsvp-counts"] = MeetingMatrixTargets.RsvpCounts,
        ["POST /v1/meetings/{id:guid}/attendance"] = MeetingMatrixTargets.CheckIn,
        ["GET /v1/meetings/{id:guid}/attendance"] = MeetingMatrixTargets.Attendance,
        ["PUT /v1/meetings/{id:guid}/minutes"] = MeetingMatrixTargets.RecordMinutes,
        ["GET /v1/meetings/{id:guid}/minutes"] = MeetingMatrixTargets.Minutes,
        ["GET /v1/meetings/{id:guid}.ics"] = MeetingMatrixTargets.Ics,
        ["POST /v1/meeting-series"] = MeetingMatrixTargets.CreateSeries,
        ["GET /v1/meeting-series/{id:guid}"] = MeetingMatrixTargets.Series,
        ["PATCH /v1/meeting-series/{id:guid}"] = MeetingMatrixTargets.PatchSeries,
        ["GET /spaces/{slug}"] = async w => new("/spaces/" + await w.SlugOfAsync(w.SpaceX)),
        ["POST /start"] = _ => Task.FromResult(new MatrixRequest("/start", Form: () => new FormUrlEncodedContent(
            [new("subdomain", ApiFactory.NewSubdomain("mxform")), new("name", "Matrix"), new("region", "Matrix"),
             new("timeZone", "UTC"), new("organizerName", "Matrix"), new("organizerEmail", "matrix@example.org")]))),
    };

    public static TheoryData<string> Routes
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var row in Matrix)
            {
                data.Add(row.Key);
            }

            return data;
        }
    }

    [Fact]
    public void HaveARowForEveryMappedRoute()
    {
        var mapped = MappedRoutes(api.Services);
        var problems = new List<string>();
        foreach (var route in mapped.Where(r => Matrix.All(m => m.Key != r.Key)))
        {
            problems.Add(route.Scope is null
                ? $"{route.Name} declares no host scope: add OnPlatformHost() or OnAllianceHost() to it (or its group), then a row."
                : $"{route.Name} has no row. Add one to {nameof(AuthorizationMatrixShould)}.{nameof(Matrix)}, e.g.\n" +
                  $"        new({route.Scope}, \"{route.Method}\", \"{route.Template}\", anon, oper, org, ownX, ownY, intg, othr, rvkd),\n" +
                  (route.Template.Contains('{', StringComparison.Ordinal) || route.Method is "POST" or "PUT" or "PATCH"
                      ? $"    and a request builder for \"{route.Name}\" in {nameof(Requests)}."
                      : "    (no request builder is needed: the template has no parameters)."));
        }

        foreach (var route in mapped)
        {
            var row = Matrix.FirstOrDefault(m => m.Name == route.Name);
            if (row is not null && route.Scope is not null && Matrix.All(m => m.Key != route.Key))
            {
                problems.Add($"{route.Name} is mapped on the {route.Scope} host but its row says {row.Host}.");
            }
        }

        problems.AddRange(Matrix.Where(m => mapped.All(r => r.Key != m.Key)).Select(m => $"{m.Key} has a row but is not mapped: remove the row."));
        problems.AddRange(Matrix.GroupBy(m => m.Key).Where(g => g.Count() > 1).Select(g => $"{g.Key} has {g.Count()} rows; keep one."));
        Assert.True(mapped.Count >= 10, $"Only {mapped.Count} routes were found; the enumeration is broken.");
        Assert.True(problems.Count == 0, "The authorization matrix is out of date:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void FindAnAccessDeclarationOnEveryEndpoint()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var undeclared = endpoints.Where(e => !DeclaredPolicyGuard.DeclaresAccess(e)).Select(e => e.DisplayName).ToList();

        Assert.NotEmpty(endpoints);
        Assert.True(undeclared.Count == 0,
            "These endpoints declare neither RequireAuthorization(policy) nor AllowAnonymous(), so every request to them gets 403: " +
            string.Join(", ", undeclared));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnswerEveryPrincipal_AsTheTableSays(string route)
    {
        var row = Matrix.Single(m => m.Key == route);
        var world = await api.WorldAsync();
        var failures = new List<string>();
        foreach (var (principal, expected) in row.Expectations)
        {
            var request = await BuildAsync(row, world);
            using var client = api.ClientFor(row.Host == Platform ? ApiFactory.Apex : world.HomeHost, await world.KeyForAsync(principal, request));
            using var message = new HttpRequestMessage(new HttpMethod(row.Method), request.Path)
            {
                Content = request.Form?.Invoke() ?? (request.Body is null ? null : JsonContent.Create(request.Body)),
            };
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status != expected)
            {
                failures.Add($"{principal}: expected {expected}, got {status} {Shorten(body)}");
            }
            else if (status == 401 && !IsProblem(body, 401, "https://alliances.dev/problems/unauthorized"))
            {
                failures.Add($"{principal}: 401 without the one unauthorized problem body: {Shorten(body)}");
            }
            else if (status == 403 && !IsProblem(body, 403, null))
            {
                failures.Add($"{principal}: 403 without a problem body: {Shorten(body)}");
            }
        }

        Assert.True(failures.Count == 0, $"{route} on the {row.Host} host:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// For the OpenAPI fuzzer: the row of <paramref name="method"/> <paramref name="documentPath"/> (the document writes
    /// <c>{id}</c> where the route says <c>{id:guid}</c>), a valid request for it built as the matrix builds one, and a
    /// principal the table says succeeds (organizer first, then operator, then anonymous). Null when no row matches.
    /// </summary>
    internal static async Task<(HostScope Host, MatrixRequest Request, Principal Principal)?> ValidRequestAsync(string method, string documentPath, MatrixWorld world)
    {
        var row = Matrix.FirstOrDefault(m => m.Method == method &&
            System.Text.RegularExpressions.Regex.Replace(m.Route, @"\{(\w+):[^}]+\}", "{$1}") == documentPath);
        if (row is null)
        {
            return null;
        }

        var principal = row.Expectations
            .Where(e => e.Status is >= 200 and < 300)
            .Select(e => e.Principal)
            .OrderBy(p => p switch { Principal.Organizer => 0, Principal.Operator => 1, Principal.Anonymous => 2, _ => 3 })
            .First();
        return (row.Host, await BuildAsync(row, world), principal);
    }

    private static async Task<MatrixRequest> BuildAsync(MatrixRow row, MatrixWorld world)
    {
        if (Requests.TryGetValue(row.Name, out var build))
        {
            return await build(world);
        }

        Assert.False(row.Route.Contains('{', StringComparison.Ordinal) || row.Method is "POST" or "PUT" or "PATCH",
            $"{row.Name} needs ids or a body: add a request builder for it to {nameof(AuthorizationMatrixShould)}.{nameof(Requests)}.");
        return new MatrixRequest(row.Route);
    }

    private static MatrixRequest OnSpace(Guid space, string suffix = "") => new($"/v1/spaces/{space}{suffix}", Space: space);

    private static MatrixRequest ConfirmedDelete(string subdomain) => new($"/v1/alliances/{subdomain}?confirm={subdomain}");

    private static Task<MatrixRequest> Send(string path, object? body = null) => Task.FromResult(new MatrixRequest(path, body));

    private static bool IsProblem(string body, int status, string? type)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.GetProperty("status").GetInt32() == status && (type is null || problem.GetProperty("type").GetString() == type);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private static List<MappedRoute> MappedRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HostScopeMetadata>()?.Scope != HostScope.Any)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => new MappedRoute(e.Metadata.GetMetadata<HostScopeMetadata>()?.Scope, method, e.RoutePattern.RawText ?? e.DisplayName ?? "?")))
            .Distinct()
            .ToList();

    private sealed record MappedRoute(HostScope? Scope, string Method, string Template)
    {
        public string Name => $"{Method} {Template}";

        public string Key => $"{Scope} {Name}";
    }

    private sealed record MatrixRow(
        HostScope Host, string Method, string Route,
        int Anonymous, int Operator, int Organizer, int OwnerOfSpaceX, int OwnerOfSpaceY, int Integration, int KeyOfAnotherAlliance, int RevokedKey)
    {
        public string Name => $"{Method} {Route}";

        /// <summary>Host, method and template: the apex and alliance hosts may both map a template (<c>GET /</c>).</summary>
        public string Key => $"{Host} {Name}";

        public IEnumerable<(Principal Principal, int Status)> Expectations =>
        [
            (Principal.Anonymous, Anonymous),
            (Principal.Operator, Operator),
            (Principal.Organizer, Organizer),
            (Principal.OwnerOfSpaceX, OwnerOfSpaceX),
            (Principal.OwnerOfSpaceY, OwnerOfSpaceY),
            (Principal.Integration, Integration),
            (Principal.KeyOfAnotherAlliance, KeyOfAnotherAlliance),
            (Principal.RevokedKey, RevokedKey),
        ];
    }
}
