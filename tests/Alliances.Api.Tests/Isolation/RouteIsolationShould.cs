using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// Two alliances with data of every kind; every route of <see cref="TenantRoutes"/> is tried on each host, with the
/// other alliance's ids and with the other alliance's keys. Each direction (A→B and B→A) is checked.
/// </summary>
public sealed class RouteIsolationShould(IsolationApiFactory api) : IClassFixture<IsolationApiFactory>
{
    [Fact]
    public async Task ServeOnlyTheHostAlliancesData_OnEveryTenantRoute()
    {
        using var a = await AllianceUnderTest.CreateAsync(api);
        using var b = await AllianceUnderTest.CreateAsync(api);

        foreach (var (host, other) in new[] { (a, b), (b, a) })
        {
            var otherBefore = await other.SnapshotAsync();
            var otherTokens = await other.TokensAsync();
            foreach (var route in TenantRoutes.All)
            {
                await ProbeOnOwnHostAsync(route, host, other, otherTokens);
            }

            Assert.True(otherBefore == await other.SnapshotAsync(),
                $"Requests on {host.Subdomain}'s host changed what {other.Subdomain} holds.");
        }
    }

    [Fact]
    public async Task Return404_ForAnotherAlliancesResourceIds_AndLeaveThoseResourcesUnchanged()
    {
        using var a = await AllianceUnderTest.CreateAsync(api);
        using var b = await AllianceUnderTest.CreateAsync(api);
        var itemRoutes = TenantRoutes.All.Where(r => r.Shape == RouteShape.Item).ToArray();
        Assert.NotEmpty(itemRoutes);

        foreach (var (host, other) in new[] { (a, b), (b, a) })
        {
            var otherBefore = await other.SnapshotAsync();
            var probes = 0;
            foreach (var route in itemRoutes)
            {
                // The other alliance's oldest and newest ids, its organizer key's id included: a DELETE that got through would revoke it.
                foreach (var foreignId in await other.ProbeIdsAsync(route.Resource!))
                {
                    using var response = await SendAsync(host.Organizer, route, route.PathFor(foreignId), host.Subdomain + "-probe");
                    var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
                    Assert.DoesNotContain(other.Subdomain, problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
                    probes++;
                }
            }

            Assert.True(probes > 0);
            Assert.True(otherBefore == await other.SnapshotAsync(),
                $"{other.Subdomain}'s data changed after {probes} requests for its ids on {host.Subdomain}'s host.");
            // The other alliance's organizer key (whose id was DELETEd above on the wrong host) still works at home.
            using var stillWorks = await other.Organizer.GetAsync("/v1/api-keys");
            await stillWorks.ReadJsonAsync();
        }
    }

    [Fact]
    public async Task Return401_WhenAnotherAlliancesKeyIsPresented_OnEveryTenantRoute()
    {
        using var a = await AllianceUnderTest.CreateAsync(api);
        using var b = await AllianceUnderTest.CreateAsync(api);
        var wrong = new List<string>();

        foreach (var (owner, target) in new[] { (a, b), (b, a) })
        {
            var targetBefore = await target.SnapshotAsync();
            using var foreignKeyOnTarget = api.ClientFor(target.Host, owner.Claim.OrganizerKey);
            foreach (var route in TenantRoutes.All)
            {
                var paths = route.Resource is { } resource && route.Pattern.Contains('{', StringComparison.Ordinal)
                    ? (await target.ProbeIdsAsync(resource)).Select(id => route.PathFor(id)).ToArray()
                    : [route.PathFor()];
                foreach (var path in paths)
                {
                    using var response = await SendAsync(foreignKeyOnTarget, route, path, owner.Subdomain + "-intruder");
                    await CollectUnlessUnauthorizedAsync(response, $"{owner.Subdomain}'s organizer key: {route.Method} {path} on {target.Subdomain}", wrong);
                }
            }

            // Every key of the owner (organizer and integration), on a public and on an organizer route.
            Assert.True(owner.Secrets.Count > 1, "The owner should have several keys to present.");
            foreach (var secret in owner.Secrets)
            {
                using var client = api.ClientFor(target.Host, secret);
                foreach (var path in new[] { "/v1/alliance", "/v1/api-keys" })
                {
                    using var response = await client.GetAsync(path);
                    await CollectUnlessUnauthorizedAsync(response, $"{owner.Subdomain}'s key {secret[..8]}…: GET {path} on {target.Subdomain}", wrong);
                }
            }

            Assert.True(targetBefore == await target.SnapshotAsync(),
                $"{owner.Subdomain}'s keys presented on {target.Subdomain}'s host changed {target.Subdomain}'s data.");
        }

        Assert.True(wrong.Count == 0,
            $"A key presented at another alliance's host must be 401 on every route (docs/architecture.md, Roles); {wrong.Count} were not:\n  " +
            string.Join("\n  ", wrong));
    }

    private static async Task CollectUnlessUnauthorizedAsync(HttpResponseMessage response, string what, List<string> wrong)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            wrong.Add($"{what} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 160)]}");
            return;
        }

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task ProbeOnOwnHostAsync(TenantRoute route, AllianceUnderTest host, AllianceUnderTest other, List<string> otherTokens)
    {
        var marker = $"{host.Subdomain}-{route.Method.ToLowerInvariant()}-{Guid.NewGuid():N}";
        switch (route.Shape)
        {
            case RouteShape.Singleton:
            {
                using var response = await SendAsync(host.Organizer, route, route.PathFor(), marker);
                var text = await AssertSuccessAsync(response, route, host);
                AssertNoForeignTokens(text, otherTokens, route, host, other);
                if (route.MentionsAlliance)
                {
                    var body = JsonDocument.Parse(text).RootElement;
                    Assert.Equal(host.Id, body.GetProperty("id").GetGuid());
                    Assert.Equal(host.Subdomain, body.GetProperty("subdomain").GetString());
                }

                break;
            }

            case RouteShape.Collection:
            {
                var items = await host.ListAsync(route.PathFor());
                var listed = items.Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
                var truth = await host.RowIdsAsync(route.Resource!);
                Assert.True(truth.Count > 1, $"{host.Subdomain} should hold several {route.Resource}.");
                Assert.True(listed.SetEquals(truth),
                    $"{route} on {host.Subdomain}'s host listed [{string.Join(", ", listed)}] but its table holds [{string.Join(", ", truth)}].");
                var foreign = await other.RowIdsAsync(route.Resource!);
                Assert.False(listed.Overlaps(foreign), $"{route} on {host.Subdomain}'s host listed ids of {other.Subdomain}.");
                foreach (var item in items)
                {
                    AssertNoForeignTokens(item.GetRawText(), otherTokens, route, host, other);
                }

                break;
            }

            case RouteShape.Create:
            {
                var foreignBefore = await other.RowIdsAsync(route.Resource!);
                using var response = await SendAsync(host.Organizer, route, route.PathFor(), marker);
                var text = await AssertSuccessAsync(response, route, host);
                host.Markers.Add(marker);
                AssertNoForeignTokens(text, otherTokens, route, host, other);
                var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
                Assert.Contains(id, await host.RowIdsAsync(route.Resource!));
                Assert.True(foreignBefore.SetEquals(await other.RowIdsAsync(route.Resource!)),
                    $"{route} on {host.Subdomain}'s host changed {other.Subdomain}'s {route.Resource}.");
                break;
            }

            case RouteShape.Item:
            {
                // Control: the same route with one of the host's own ids succeeds, so the 404s elsewhere mean "not yours".
                var own = await host.CreateAsync(route.Resource!, marker);
                if (route.Prepare is { } prepare)
                {
                    using var prepared = await prepare(host.Organizer, own);
                    await AssertSuccessAsync(prepared, route, host);
                }

                var ownPath = route.OwnPath is { } pathOf ? await pathOf(host.Organizer, own) : route.PathFor(own);
                using var response = await SendAsync(host.Organizer, route, ownPath, marker);
                var text = await AssertSuccessAsync(response, route, host);
                AssertNoForeignTokens(text, otherTokens, route, host, other);
                // Only JSON answers carry an id to compare; GET /v1/meetings/{id}.ics answers text/calendar.
                if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true
                    && JsonDocument.Parse(text).RootElement is { ValueKind: JsonValueKind.Object } body
                    && body.TryGetProperty("id", out var id))
                {
                    Assert.Equal(own, id.GetGuid());
                }

                break;
            }

            default:
                throw new InvalidOperationException($"Unknown shape {route.Shape}.");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, TenantRoute route, string path, string marker)
    {
        using var request = new HttpRequestMessage(route.HttpMethod, path);
        if (route.Body is { } body)
        {
            request.Content = JsonContent.Create(body(marker));
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> AssertSuccessAsync(HttpResponseMessage response, TenantRoute route, AllianceUnderTest host)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{route} on {host.Subdomain}'s own host: {(int)response.StatusCode} {text}");
        return text;
    }

    private static void AssertNoForeignTokens(string text, List<string> otherTokens, TenantRoute route, AllianceUnderTest host, AllianceUnderTest other)
    {
        var leaked = otherTokens.Where(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(leaked.Length == 0,
            $"{route} on {host.Subdomain}'s host shows data of {other.Subdomain}: {string.Join(", ", leaked)}\n{text}");
    }
}
