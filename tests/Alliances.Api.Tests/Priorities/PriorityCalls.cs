using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Priorities;

/// <summary>The <c>/v1/priorities</c> calls the priority tests make over and over; the ones named *Async assert success.</summary>
internal static class PriorityCalls
{
    /// <summary>Proposes an idea and returns the 201 body.</summary>
    public static async Task<JsonElement> ProposeAsync(this HttpClient client, string title = "An idea", string area = "community", object? extra = null)
    {
        using var response = await client.PostAsync("/v1/priorities", Body(title, area, extra));
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<Guid> ProposeIdAsync(this HttpClient client, string title = "An idea", string area = "community") =>
        (await client.ProposeAsync(title, area)).GetProperty("id").GetGuid();

    public static StringContent Body(string title, string area = "community", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["title"] = title, ["area"] = area };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        return Json(JsonSerializer.Serialize(body));
    }

    public static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    /// <summary>POSTs an action (<c>promote</c>, <c>achieve</c>, <c>drop</c>, <c>reopen</c>, <c>vote</c>) with an optional JSON body.</summary>
    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, Guid id, string action, string? json = null) =>
        client.PostAsync($"/v1/priorities/{id}/{action}", json is null ? null : Json(json));

    public static async Task<JsonElement> PromoteAsync(this HttpClient organizer, Guid id, int? rank = null)
    {
        using var response = await organizer.ActAsync(id, "promote", rank is null ? null : $$"""{"rank": {{rank}}}""");
        return await response.ReadJsonAsync();
    }

    /// <summary>Proposes and promotes one priority per title, in order, so that they hold ranks 1..n.</summary>
    public static async Task<List<Guid>> ActivateAsync(this HttpClient organizer, params string[] titles)
    {
        var ids = new List<Guid>();
        foreach (var title in titles)
        {
            var id = await organizer.ProposeIdAsync(title);
            await organizer.PromoteAsync(id);
            ids.Add(id);
        }

        return ids;
    }

    public static async Task<JsonElement> AchieveAsync(this HttpClient organizer, Guid id)
    {
        using var response = await organizer.ActAsync(id, "achieve");
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> DropAsync(this HttpClient organizer, Guid id, string reason = "Not now.")
    {
        using var response = await organizer.ActAsync(id, "drop", JsonSerializer.Serialize(new { reason }));
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> ReopenAsync(this HttpClient organizer, Guid id)
    {
        using var response = await organizer.ActAsync(id, "reopen");
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> VoteAsync(this HttpClient member, Guid id)
    {
        using var response = await member.ActAsync(id, "vote");
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> GetPriorityAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/v1/priorities/{id}");
        return await response.ReadJsonAsync();
    }

    public static async Task<List<JsonElement>> HistoryAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/v1/priorities/{id}/history?limit=100");
        var page = await response.ReadJsonAsync();
        return [.. page.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Every item of <c>GET /v1/priorities{query}</c>, following <c>nextCursor</c> with pages of <paramref name="limit"/>.</summary>
    public static async Task<List<JsonElement>> ListAllAsync(this HttpClient client, string query = "", int limit = 100)
    {
        var items = new List<JsonElement>();
        var separator = query.Length == 0 ? "?" : query + "&";
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"/v1/priorities{separator}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    /// <summary>The active priorities' ids, by rank, as the API lists them.</summary>
    public static async Task<List<Guid>> ActiveIdsAsync(this HttpClient client) =>
        [.. (await client.ListAllAsync("?status=active")).Select(p => p.GetProperty("id").GetGuid())];

    public static async Task SetLimitAsync(this HttpClient organizer, int limit)
    {
        using var response = await organizer.PatchAsync("/v1/alliance", Json($$"""{"maxActivePriorities": {{limit}}}""", "application/merge-patch+json"));
        await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = Json(json, "application/merge-patch+json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutOrderAsync(this HttpClient client, params Guid[] ids) =>
        client.PutAsJsonAsync("/v1/priorities/order", new { ids });

    public static string ETagOf(this HttpResponseMessage response)
    {
        var tag = response.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(tag), $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} has no ETag");
        return tag!;
    }

    public static Guid Id(this JsonElement priority) => priority.GetProperty("id").GetGuid();

    public static string Status(this JsonElement priority) => priority.GetProperty("status").GetString()!;

    public static int? Rank(this JsonElement priority) =>
        priority.GetProperty("rank").ValueKind == JsonValueKind.Null ? null : priority.GetProperty("rank").GetInt32();

    public static int Votes(this JsonElement priority) => priority.GetProperty("voteCount").GetInt32();

    /// <summary>A client with a new key of <paramref name="role"/> on the alliance (a space owner needs <paramref name="spaceId"/>).</summary>
    public static async Task<(HttpClient Client, CreatedKey Key)> KeyClientAsync(
        this ApiFactory api, ClaimedAlliance alliance, string role, Guid? spaceId = null, string? name = null)
    {
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        if (role == "space_owner")
        {
            spaceId ??= await organizer.CreateSpaceAsync("Space " + Guid.NewGuid().ToString("N")[..8]);
        }

        var key = await organizer.CreateKeyAsync(role, role == "space_owner" ? spaceId : null, name: name ?? role + " key");
        return (api.Alliance(alliance.Subdomain, key.Key), key);
    }

    /// <summary>A space of the alliance, created as the organizer; returns its id.</summary>
    public static async Task<Guid> CreateSpaceAsync(this HttpClient organizer, string name)
    {
        var slug = name.ToLowerInvariant().Replace(' ', '-');
        using var response = await organizer.PostAsync("/v1/spaces",
            Json($$"""{"name": "{{name}}", "slug": "{{slug}}", "kind": "coworking", "status": "open"}"""));
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static MediaTypeHeaderValue MergePatch { get; } = new("application/merge-patch+json");
}

/// <summary>What the database itself holds for one alliance's priorities, read as the owner role around the API.</summary>
internal sealed class PriorityTables(AllianceSchema schema)
{
    public static async Task<PriorityTables> OfAsync(ApiFactory api, ClaimedAlliance alliance) =>
        new(await AllianceSchema.OfAsync(api.Database, alliance.Subdomain));

    public Task<long> ActiveCountAsync() => ScalarAsync("SELECT count(*) FROM {0}.priorities WHERE status = 'active'");

    public Task<long> VoteRowsAsync(Guid priorityId) => ScalarAsync("SELECT count(*) FROM {0}.priority_votes WHERE priority_id = $1", priorityId);

    public Task<long> StoredVoteCountAsync(Guid priorityId) => ScalarAsync("SELECT vote_count FROM {0}.priorities WHERE id = $1", priorityId);

    public Task<long> HistoryRowsAsync(Guid priorityId) => ScalarAsync("SELECT count(*) FROM {0}.priority_history WHERE priority_id = $1", priorityId);

    /// <summary>The ranks of the active priorities, in rank order: must always be 1..n.</summary>
    public async Task<List<int>> ActiveRanksAsync()
    {
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand($"SELECT rank FROM {schema.Quoted}.priorities WHERE status = 'active' ORDER BY rank", connection);
        var ranks = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ranks.Add(reader.GetInt32(0));
        }

        return ranks;
    }

    private async Task<long> ScalarAsync(string sql, Guid? parameter = null)
    {
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, schema.Quoted), connection);
        if (parameter is { } value)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
