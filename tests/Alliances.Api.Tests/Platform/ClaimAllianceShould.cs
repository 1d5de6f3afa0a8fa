using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Tests.Platform;

public sealed class ClaimAllianceShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Return201_WithLocationAndAWorkingOrganizerKey()
    {
        var subdomain = ApiFactory.NewSubdomain();
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"https://{subdomain}.{ApiFactory.Apex}/v1/alliance", response.Headers.Location?.ToString());
        Assert.Equal(subdomain, body.GetProperty("subdomain").GetString());
        Assert.Equal("active", body.GetProperty("state").GetString());
        var key = body.GetProperty("organizerKey").GetString()!;
        Assert.StartsWith("alk_", key);

        using var alliance = api.Alliance(subdomain, key);
        var keys = await (await alliance.GetAsync("/v1/api-keys")).ReadJsonAsync();
        Assert.Equal(1, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Return201_WithEveryFieldOfTheNewAlliance()
    {
        var subdomain = ApiFactory.NewSubdomain();
        var before = DateTimeOffset.UtcNow;
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(7, id.Version);
        Assert.Equal($"Alliance {subdomain}", body.GetProperty("name").GetString());
        Assert.Equal("Test Region", body.GetProperty("region").GetString());
        Assert.Equal("America/Los_Angeles", body.GetProperty("timeZone").GetString());
        Assert.Equal($"https://{subdomain}.{ApiFactory.Apex}", body.GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("schemaVersion").GetString()));
        var createdAt = body.GetProperty("createdAt").GetDateTimeOffset();
        Assert.InRange(createdAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(createdAt, body.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Matches("^alk_[0-9A-Za-z]{43}$", body.GetProperty("organizerKey").GetString());

        // The new host serves the alliance, and the catalog recorded the schema version the claim reported.
        using var alliance = api.Alliance(subdomain);
        var profile = await (await alliance.GetAsync("/v1/alliance")).ReadJsonAsync();
        Assert.Equal(id, profile.GetProperty("id").GetGuid());
        Assert.Equal(subdomain, profile.GetProperty("subdomain").GetString());
        Assert.Equal("active", await CatalogProbe.StateAsync(api.Database, id));
    }

    [Fact]
    public async Task WriteTimestampsInUtcWithZ()
    {
        // API-CONVENTIONS: "Times are ISO 8601 in UTC with Z".
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(ApiFactory.NewSubdomain()));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", body.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeverReturnTheOrganizerKeyAgain()
    {
        var claimed = await api.ClaimAsync();
        var key = claimed.OrganizerKey;
        var secret = key["alk_".Length..];
        var bodies = new List<(string What, string Text)>();

        async Task<string> ReadAsync(string what, HttpResponseMessage response)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                bodies.Add((what, text));
                return text;
            }
        }

        using var alliance = api.Alliance(claimed.Subdomain, key);
        var list = JsonDocument.Parse(await ReadAsync("GET /v1/api-keys", await alliance.GetAsync("/v1/api-keys"))).RootElement;
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("organizer", listed.GetProperty("role").GetString());
        var prefix = listed.GetProperty("prefix").GetString()!;
        Assert.True(prefix.Length < 16, $"the display prefix '{prefix}' is too long to be only a prefix");
        Assert.StartsWith(prefix, key, StringComparison.Ordinal);
        var keyId = listed.GetProperty("id").GetGuid();

        await ReadAsync("GET /v1/api-keys/{id}", await alliance.GetAsync($"/v1/api-keys/{keyId}"));
        await ReadAsync("GET /v1/alliance", await alliance.GetAsync("/v1/alliance"));
        using var platform = api.Platform();
        await ReadAsync("GET /v1/subdomains/{label}", await platform.GetAsync($"/v1/subdomains/{claimed.Subdomain}"));
        await ReadAsync("GET /v1/alliances", await platform.GetAsync("/v1/alliances?limit=100"));
        var again = await ReadAsync("POST /v1/alliances (again)", await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(claimed.Subdomain)));
        Assert.Contains("subdomain-taken", again, StringComparison.Ordinal);
        using (var op = api.Operator())
        {
            await ReadAsync("POST suspend", await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/suspend", null));
            await ReadAsync("POST resume", await op.PostAsync($"/v1/alliances/{claimed.Subdomain}/resume", null));
        }

        foreach (var (what, text) in bodies)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{what} returned the organizer key: {text}");
        }

        // Nor is it at rest: the tenant's api_keys row holds the SHA-256 and the display prefix, never the text.
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        var table = TenantDatabaseName.Quote(TenantDatabaseName.For(claimed.Id)) + ".api_keys";
        await using var command = new NpgsqlCommand($"SELECT hash, prefix, k::text FROM {table} k", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(key)), (byte[])reader[0]);
        Assert.Equal(prefix, reader.GetString(1));
        Assert.DoesNotContain(secret, reader.GetString(2), StringComparison.Ordinal);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task FoldUpperCaseToTheLowerCaseLabel()
    {
        var lower = ApiFactory.NewSubdomain("case");
        var mixed = "CaSe" + lower["case".Length..].ToUpperInvariant();
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(mixed));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(lower, body.GetProperty("subdomain").GetString());
        Assert.Equal($"https://{lower}.{ApiFactory.Apex}/v1/alliance", response.Headers.Location?.ToString());
        Assert.Equal(1, await CatalogProbe.CountRowsAsync(api.Database, lower));
        Assert.Equal(0, await CatalogProbe.CountRowsAsync(api.Database, mixed));

        // The folded label is the one taken: the lower-case spelling, or any other casing, is a conflict.
        using var lowerAgain = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(lower));
        await lowerAgain.AssertProblemAsync(HttpStatusCode.Conflict, "subdomain-taken");
        using var upperAgain = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(lower.ToUpperInvariant()));
        await upperAgain.AssertProblemAsync(HttpStatusCode.Conflict, "subdomain-taken");
    }

    public static TheoryData<string, string> InvalidLabels() => new()
    {
        { "-abc", "leading-hyphen" },
        { "abc-", "trailing-hyphen" },
        { "ab--cd", "double-hyphen-at-3-4" },
        { "xn--abc", "double-hyphen-at-3-4" },
        { new string('a', 64), "too-long" },
        { "a_b", "invalid-characters" },
        { "a.b", "invalid-characters" },
        { "a b", "invalid-characters" },
        { "caf\u00e9", "invalid-characters" },
        { "-", "leading-hyphen" },
    };

    [Theory]
    [MemberData(nameof(InvalidLabels))]
    public async Task Return422_NamingTheRule_ForAnInvalidLabel(string label, string rule)
    {
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(label));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "subdomain-invalid");

        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("subdomain", out _), problem.ToString());
        Assert.Equal(0, await CatalogProbe.CountRowsAsync(api.Database, label.ToLowerInvariant()));
    }

    [Fact]
    public async Task AcceptALabelOfExactly63Characters()
    {
        var label = ApiFactory.NewSubdomain("l").PadRight(63, '7');
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(label));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(label, body.GetProperty("subdomain").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Return400_NamingSubdomain_WhenItIsEmpty(string label)
    {
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(label));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("subdomain", out _), problem.ToString());
    }

    [Theory]
    [InlineData("www")]
    [InlineData("api")]
    [InlineData("admin")]
    [InlineData("localhost")]
    [InlineData("platform")]
    [InlineData("mail")]
    [InlineData("status")]
    [InlineData("docs")]
    [InlineData("WWW")]
    [InlineData("Admin")]
    public async Task Return422_ForAReservedName(string label)
    {
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(label));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "subdomain-reserved");
        Assert.Equal("reserved", problem.GetProperty("rule").GetString());
        Assert.Equal(0, await CatalogProbe.CountRowsAsync(api.Database, label.ToLowerInvariant()));
    }

    [Fact]
    public async Task Return409_WhenTheLabelIsTaken()
    {
        var claimed = await api.ClaimAsync();
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(claimed.Subdomain));
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "subdomain-taken");

        Assert.Contains(claimed.Subdomain, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CatalogProbe.CountRowsAsync(api.Database, claimed.Subdomain));
        // The first claim is untouched: its key still works.
        using var alliance = api.Alliance(claimed.Subdomain, claimed.OrganizerKey);
        using var keys = await alliance.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"name":"N","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"o@example.org"}}""", "subdomain" },
        { """{"subdomain":"§","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"o@example.org"}}""", "name" },
        { """{"subdomain":"§","name":"N","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"o@example.org"}}""", "region" },
        { """{"subdomain":"§","name":"N","region":"R","organizer":{"name":"O","email":"o@example.org"}}""", "timeZone" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"America/Los_Angeles"}""", "organizer" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"America/Los_Angeles","organizer":{"email":"o@example.org"}}""", "organizer.name" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O"}}""", "organizer.email" },
        { """{"subdomain":"§","name":"  ","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"o@example.org"}}""", "name" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"not-an-email"}}""", "organizer.email" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"Mars/Olympus","organizer":{"name":"O","email":"o@example.org"}}""", "timeZone" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"PST","organizer":{"name":"O","email":"o@example.org"}}""", "timeZone" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"Pacific Standard Time","organizer":{"name":"O","email":"o@example.org"}}""", "timeZone" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"o@example.org"},"id":"0198a4e2-0000-7000-8000-000000000000"}""", "id" },
        { """{"subdomain":"§","name":"N","region":"R","timeZone":"America/Los_Angeles","organizer":{"name":"O","email":"o@example.org","role":"operator"}}""", "organizer.role" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Return400_NamingTheField_ForAnInvalidBody(string json, string field)
    {
        // "§" stands for a fresh label, so a body that wrongly passed would claim something harmless, never a shared name.
        var subdomain = ApiFactory.NewSubdomain("bad");
        using var platform = api.Platform();
        using var content = new StringContent(json.Replace("§", subdomain, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await platform.PostAsync("/v1/alliances", content);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected errors to name '{field}': {problem}");
        Assert.Equal(0, await CatalogProbe.CountRowsAsync(api.Database, subdomain));
    }

    [Fact]
    public async Task Return400_ForABodyThatIsNotJson()
    {
        using var platform = api.Platform();
        using var content = new StringContent("{\"subdomain\": ", Encoding.UTF8, "application/json");
        using var response = await platform.PostAsync("/v1/alliances", content);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Return404_OnAnAllianceHost()
    {
        // Claims are served on the apex only; an alliance host does not even reveal the route.
        var claimed = await api.ClaimAsync();
        using var alliance = api.Alliance(claimed.Subdomain);
        using var response = await alliance.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(ApiFactory.NewSubdomain()));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LetExactlyOneOfTwoConcurrentClaimsOfOneLabelWin()
    {
        for (var round = 0; round < 10; round++)
        {
            var subdomain = ApiFactory.NewSubdomain("race");
            using var first = api.Platform();
            using var second = api.Platform();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            async Task<(HttpStatusCode Status, string Body, string? Type)> ClaimAsync(HttpClient client)
            {
                await start.Task;
                using var response = await client.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain));
                var text = await response.Content.ReadAsStringAsync();
                var type = response.StatusCode == HttpStatusCode.Created ? null : JsonDocument.Parse(text).RootElement.GetProperty("type").GetString();
                return (response.StatusCode, text, type);
            }

            var claims = new[] { Task.Run(() => ClaimAsync(first)), Task.Run(() => ClaimAsync(second)) };
            start.SetResult();
            var results = await Task.WhenAll(claims);

            var statuses = results.Select(r => r.Status).Order().ToArray();
            Assert.True(statuses.SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]),
                $"round {round}: expected one 201 and one 409, got {string.Join(" / ", results.Select(r => $"{(int)r.Status} {r.Body}"))}");
            Assert.Equal("https://alliances.dev/problems/subdomain-taken", results.Single(r => r.Status == HttpStatusCode.Conflict).Type);

            // One alliance exists, and it is the winner's: its key works on the host.
            Assert.Equal(1, await CatalogProbe.CountRowsAsync(api.Database, subdomain));
            var winner = JsonDocument.Parse(results.Single(r => r.Status == HttpStatusCode.Created).Body).RootElement;
            Assert.Equal(winner.GetProperty("id").GetGuid(), await CatalogIdAsync(subdomain));
            using var alliance = api.Alliance(subdomain, winner.GetProperty("organizerKey").GetString());
            using var keys = await alliance.GetAsync("/v1/api-keys");
            Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        }
    }

    private async Task<Guid> CatalogIdAsync(string subdomain)
    {
        using var alliance = api.Alliance(subdomain);
        var profile = await (await alliance.GetAsync("/v1/alliance")).ReadJsonAsync();
        return profile.GetProperty("id").GetGuid();
    }
}
