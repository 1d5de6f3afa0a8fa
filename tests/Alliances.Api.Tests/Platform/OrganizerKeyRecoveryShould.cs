using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Platform;

/// <summary>
/// <c>POST /v1/alliances/{subdomain}/organizer-keys</c>: the operator's way back in for an alliance that has lost every
/// organizer key, and the audit trail every operator action leaves.
/// </summary>
public sealed class OrganizerKeyRecoveryShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GiveALockedOutAlliance_AWorkingPermanentOrganizerKey_RecordedInTheAuditTrail()
    {
        var alliance = await api.ClaimAsync();
        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        // Locked out: every organizer key revoked (as a hand edit, or keys expired, would leave it).
        await using (var connection = await schema.OpenOwnerAsync())
        await using (var revoke = new NpgsqlCommand($"UPDATE {schema.Quoted}.api_keys SET revoked_at = now() WHERE role = 'organizer'", connection))
        {
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
        }

        using (var lockedOut = api.Alliance(alliance.Subdomain, alliance.OrganizerKey))
        using (var refused = await lockedOut.GetAsync("/v1/api-keys"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var operatorClient = api.Operator();
        using var response = await operatorClient.PostAsJsonAsync($"/v1/alliances/{alliance.Subdomain}/organizer-keys",
            new { reason = "Organizer lost every key (ticket 42)." });
        var issued = await response.ReadJsonAsync(HttpStatusCode.Created);

        var id = issued.GetProperty("id").GetGuid();
        var key = issued.GetProperty("key").GetString()!;
        Assert.Equal($"https://{alliance.Subdomain}.{ApiFactory.Apex}/v1/api-keys/{id}", response.Headers.Location?.ToString());
        Assert.Equal("organizer", issued.GetProperty("role").GetString());
        Assert.Equal(alliance.Id, issued.GetProperty("allianceId").GetGuid());
        Assert.Equal(key[..8], issued.GetProperty("prefix").GetString());

        using var recovered = api.Alliance(alliance.Subdomain, key);
        var stored = await recovered.GetKeyAsync(id);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("expiresAt").ValueKind);
        Assert.Equal("organizer", stored.GetProperty("role").GetString());

        var audit = Assert.Single(await AuditAsync(alliance.Id), a => a.Action == "issue_organizer_key");
        Assert.Equal(alliance.Subdomain, audit.Subdomain);
        using var detail = JsonDocument.Parse(audit.Detail);
        Assert.Equal(id, detail.RootElement.GetProperty("keyId").GetGuid());
        Assert.Equal("Organizer lost every key (ticket 42).", detail.RootElement.GetProperty("reason").GetString());
        Assert.DoesNotContain(key, audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_WithoutAReason_ForAnUnknownAlliance_AndWithoutTheOperatorKey()
    {
        var alliance = await api.ClaimAsync();
        using var operatorClient = api.Operator();

        using (var noReason = await operatorClient.PostAsJsonAsync($"/v1/alliances/{alliance.Subdomain}/organizer-keys", new { reason = "" }))
        {
            var problem = await noReason.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var unknown = await operatorClient.PostAsJsonAsync($"/v1/alliances/{ApiFactory.NewSubdomain("nokey")}/organizer-keys", new { reason = "x" }))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var organizer = api.Platform(alliance.OrganizerKey))
        using (var notOperator = await organizer.PostAsJsonAsync($"/v1/alliances/{alliance.Subdomain}/organizer-keys", new { reason = "x" }))
        {
            await notOperator.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.DoesNotContain(await AuditAsync(alliance.Id), a => a.Action == "issue_organizer_key");
    }

    [Fact]
    public async Task RecordSuspendResumeAndDelete_InTheAuditTrail()
    {
        var alliance = await api.ClaimAsync();
        using var operatorClient = api.Operator();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, $"/v1/alliances/{alliance.Subdomain}/suspend"),
            (HttpMethod.Post, $"/v1/alliances/{alliance.Subdomain}/resume"),
            (HttpMethod.Delete, $"/v1/alliances/{alliance.Subdomain}?confirm={alliance.Subdomain}"),
        })
        {
            using var response = await operatorClient.SendAsync(new HttpRequestMessage(method, path));
            await response.ReadJsonAsync();
        }

        // The deletion suspends the (active) alliance first, then drops it.
        Assert.Equal(["suspend", "resume", "suspend", "delete"], (await AuditAsync(alliance.Id)).Select(a => a.Action));
    }

    private sealed record AuditRow(string Subdomain, string Action, string Detail);

    private async Task<List<AuditRow>> AuditAsync(Guid allianceId)
    {
        await using var connection = await AllianceSchema.OpenOwnerAsync(api.Database);
        await using var select = new NpgsqlCommand(
            "SELECT subdomain, action, detail::text FROM platform.operator_actions WHERE alliance_id = $1 ORDER BY created_at, id", connection)
        {
            Parameters = { new() { Value = allianceId } },
        };
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new AuditRow(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }
}
