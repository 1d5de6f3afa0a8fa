using System.Net;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Naming;

namespace Alliances.Api.Tests.Platform;

public sealed class OperatorActionsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> Actions() => new()
    {
        { "POST", "/v1/alliances/{0}/suspend" },
        { "POST", "/v1/alliances/{0}/resume" },
        { "DELETE", "/v1/alliances/{0}?confirm={0}" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Return401_WithOneIdenticalBody_WithoutTheOperatorKey(string method, string path)
    {
        var claimed = await api.ClaimAsync();
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, claimed.Subdomain);
        var attempts = new (string What, string? Authorization)[]
        {
            ("no key", null),
            ("an organizer key", "Bearer " + claimed.OrganizerKey),
            ("a wrong key", "Bearer " + ApiFactory.OperatorKey + "x"),
            ("a key-shaped wrong key", "Bearer alk_" + new string('A', 43)),
            ("another scheme", "Basic " + Convert.ToBase64String("operator:x"u8)),
        };

        var bodies = new List<(string What, JsonObject Body)>();
        foreach (var (what, authorization) in attempts)
        {
            using var platform = api.Platform();
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await platform.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            body.Remove("traceId");
            bodies.Add((what, body));
        }

        foreach (var (what, body) in bodies.Skip(1))
        {
            Assert.True(JsonNode.DeepEquals(bodies[0].Body, body), $"401 with {what} differs from 401 with no key: {body} vs {bodies[0].Body}");
        }

        // Nothing happened to the alliance.
        Assert.Equal("active", await CatalogProbe.StateAsync(api.Database, claimed.Id));
    }

    [Theory]
    [InlineData("/v1/alliance")]
    [InlineData("/v1/api-keys")]
    public async Task NeverAcceptTheOperatorKeyOnAnAllianceHost(string path)
    {
        var claimed = await api.ClaimAsync();
        using var asOperator = api.Alliance(claimed.Subdomain, ApiFactory.OperatorKey);
        using var response = await asOperator.GetAsync(path);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Suspend_SoThatTheHostAnswers403()
    {
        var claimed = await api.ClaimAsync();
        using var alliance = api.Alliance(claimed.Subdomain, claimed.OrganizerKey);
        using (var before = await alliance.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var op = api.Operator();
        using (var suspend = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null))
        {
            var view = await suspend.ReadJsonAsync();
            Assert.Equal(claimed.Id, view.GetProperty("id").GetGuid());
            Assert.Equal("suspended", view.GetProperty("state").GetString());
        }

        Assert.Equal("suspended", await CatalogProbe.StateAsync(api.Database, claimed.Id));
        using (var after = await CatalogProbe.EventuallyAsync(() => alliance.GetAsync("/v1/alliance"), HttpStatusCode.Forbidden))
        {
            await after.AssertProblemAsync(HttpStatusCode.Forbidden, "alliance-suspended");
        }

        // Every route, with or without a key, is refused while suspended.
        using (var keys = await alliance.GetAsync("/v1/api-keys"))
        {
            await keys.AssertProblemAsync(HttpStatusCode.Forbidden, "alliance-suspended");
        }

        // A suspended alliance keeps its label.
        using var platform = api.Platform();
        var check = await (await platform.GetAsync($"/v1/subdomains/{claimed.Subdomain}")).ReadJsonAsync();
        Assert.Equal("taken", check.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Return409_WhenSuspendingTwice()
    {
        var claimed = await api.ClaimAsync();
        using var op = api.Operator();
        using (var first = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null);
        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict, "invalid-state-transition");
        Assert.Equal("suspended", problem.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Return409_WhenResumingAnActiveAlliance()
    {
        var claimed = await api.ClaimAsync();
        using var op = api.Operator();
        using var resume = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/resume", null);
        await resume.AssertProblemAsync(HttpStatusCode.Conflict, "invalid-state-transition");
    }

    [Fact]
    public async Task Resume_SoThatTheHostWorksAgain()
    {
        var claimed = await api.ClaimAsync();
        using var alliance = api.Alliance(claimed.Subdomain, claimed.OrganizerKey);
        using var op = api.Operator();
        using (var suspend = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        using (var suspended = await CatalogProbe.EventuallyAsync(() => alliance.GetAsync("/v1/api-keys"), HttpStatusCode.Forbidden))
        {
            Assert.Equal(HttpStatusCode.Forbidden, suspended.StatusCode);
        }

        using (var resume = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/resume", null))
        {
            var view = await resume.ReadJsonAsync();
            Assert.Equal("active", view.GetProperty("state").GetString());
        }

        using var after = await CatalogProbe.EventuallyAsync(() => alliance.GetAsync("/v1/api-keys"), HttpStatusCode.OK);
        var keys = await after.ReadJsonAsync();
        Assert.Equal(1, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AcceptTheLabelInAnyCase()
    {
        var claimed = await api.ClaimAsync();
        using var op = api.Operator();
        using var suspend = await op.PostAsync($"/v1/alliances/{claimed.Subdomain.ToUpperInvariant()}/suspend", null);
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        Assert.Equal("suspended", await CatalogProbe.StateAsync(api.Database, claimed.Id));
    }

    [Theory]
    [InlineData("POST", "/v1/alliances/{0}/suspend")]
    [InlineData("POST", "/v1/alliances/{0}/resume")]
    [InlineData("DELETE", "/v1/alliances/{0}?confirm={0}")]
    public async Task Return404_ForAnUnknownAlliance(string method, string path)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, ApiFactory.NewSubdomain("none"));
        using var op = api.Operator();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        using var response = await op.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?confirm=")]
    [InlineData("?confirm=someone-else")]
    [InlineData("?confirm={0}x")]
    public async Task Return400_NamingConfirm_WhenDeletingWithoutTheRightConfirmation(string query)
    {
        var claimed = await api.ClaimAsync();
        using var op = api.Operator();
        var url = $"/v1/alliances/{claimed.Subdomain}" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, claimed.Subdomain);
        using var response = await op.DeleteAsync(url);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("confirm", out _), problem.ToString());
        Assert.Equal("active", await CatalogProbe.StateAsync(api.Database, claimed.Id));
        Assert.True(await CatalogProbe.SchemaExistsAsync(api.Database, TenantDatabaseName.For(claimed.Id)));
    }

    [Fact]
    public async Task Delete_DroppingTheSchemaAndTheRole_AndFreeingTheLabel()
    {
        var claimed = await api.ClaimAsync();
        var name = TenantDatabaseName.For(claimed.Id);
        Assert.True(await CatalogProbe.SchemaExistsAsync(api.Database, name));
        Assert.True(await CatalogProbe.RoleExistsAsync(api.Database, name));
        using var alliance = api.Alliance(claimed.Subdomain, claimed.OrganizerKey);
        using (var before = await alliance.GetAsync("/v1/api-keys"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var op = api.Operator();
        using (var delete = await op.DeleteAsync($"/v1/alliances/{claimed.Subdomain}?confirm={claimed.Subdomain}"))
        {
            var view = await delete.ReadJsonAsync();
            Assert.Equal("deleted", view.GetProperty("state").GetString());
        }

        Assert.False(await CatalogProbe.SchemaExistsAsync(api.Database, name), $"schema {name} survived the delete");
        Assert.False(await CatalogProbe.RoleExistsAsync(api.Database, name), $"role {name} survived the delete");
        Assert.Equal("deleted", await CatalogProbe.StateAsync(api.Database, claimed.Id));

        using (var gone = await CatalogProbe.EventuallyAsync(() => alliance.GetAsync("/v1/alliance"), HttpStatusCode.NotFound))
        {
            await gone.AssertProblemAsync(HttpStatusCode.NotFound, "alliance-not-found");
        }

        // Deleting again finds nothing live.
        using (var again = await op.DeleteAsync($"/v1/alliances/{claimed.Subdomain}?confirm={claimed.Subdomain}"))
        {
            await again.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        // The label is free again, for a new alliance with a new id, schema and key; the old key is dead.
        var reclaimed = await api.ClaimAsync(claimed.Subdomain);
        Assert.NotEqual(claimed.Id, reclaimed.Id);
        Assert.True(await CatalogProbe.SchemaExistsAsync(api.Database, TenantDatabaseName.For(reclaimed.Id)));
        using var fresh = api.Alliance(claimed.Subdomain, reclaimed.OrganizerKey);
        using (var works = await CatalogProbe.EventuallyAsync(() => fresh.GetAsync("/v1/api-keys"), HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        }

        using var stale = api.Alliance(claimed.Subdomain, claimed.OrganizerKey);
        using var refused = await stale.GetAsync("/v1/api-keys");
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task DeleteASuspendedAlliance()
    {
        var claimed = await api.ClaimAsync();
        using var op = api.Operator();
        using (var suspend = await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        using var delete = await op.DeleteAsync($"/v1/alliances/{claimed.Subdomain}?confirm={claimed.Subdomain}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.False(await CatalogProbe.SchemaExistsAsync(api.Database, TenantDatabaseName.For(claimed.Id)));
        Assert.False(await CatalogProbe.RoleExistsAsync(api.Database, TenantDatabaseName.For(claimed.Id)));
    }

    [Fact]
    public async Task NotServeOperatorRoutesOnAnAllianceHost()
    {
        var claimed = await api.ClaimAsync();
        using var alliance = api.Alliance(claimed.Subdomain, ApiFactory.OperatorKey);
        using var response = await alliance.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"got {(int)response.StatusCode}");
        Assert.Equal("active", await CatalogProbe.StateAsync(api.Database, claimed.Id));
    }

    [Fact]
    public async Task IgnoreTheOperatorKeyInTheQueryString()
    {
        var claimed = await api.ClaimAsync();
        using var platform = api.Platform();
        using var response = await platform.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend?key={ApiFactory.OperatorKey}", null);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "key-in-query-string");
        Assert.Equal("active", await CatalogProbe.StateAsync(api.Database, claimed.Id));
    }
}
