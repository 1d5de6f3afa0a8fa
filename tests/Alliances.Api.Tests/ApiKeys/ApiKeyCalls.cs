using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.ApiKeys;

/// <summary>A key a test created through the API: its id, its text (shown once) and the whole 201 body.</summary>
public sealed record CreatedKey(Guid Id, string Key, JsonElement Body);

/// <summary>The <c>/v1/api-keys</c> calls tests make over and over, each asserting its success status.</summary>
internal static class ApiKeyCalls
{
    public static async Task<CreatedKey> CreateKeyAsync(
        this HttpClient organizer, string role, Guid? spaceId = null, DateTimeOffset? expiresAt = null, string name = "test key")
    {
        using var response = await organizer.PostAsJsonAsync("/v1/api-keys", new { name, role, spaceId, expiresAt });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return new CreatedKey(body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!, body);
    }

    /// <summary>A new space of the organizer's alliance, for a space_owner key to be bound to; returns its id.</summary>
    public static async Task<Guid> NewSpaceIdAsync(this HttpClient organizer)
    {
        var slug = "s-" + Guid.NewGuid().ToString("N")[..12];
        using var response = await organizer.PostAsJsonAsync("/v1/spaces", new { name = "Space " + slug, slug, kind = "coworking", status = "open" });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task RevokeKeyAsync(this HttpClient organizer, Guid id)
    {
        using var response = await organizer.DeleteAsync($"/v1/api-keys/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Revoking {id}: expected 204, got {(int)response.StatusCode} {text}");
    }

    public static async Task<JsonElement> GetKeyAsync(this HttpClient organizer, Guid id)
    {
        using var response = await organizer.GetAsync($"/v1/api-keys/{id}");
        return await response.ReadJsonAsync();
    }

    /// <summary>Every key of the alliance, following <c>nextCursor</c> to the end.</summary>
    public static async Task<List<JsonElement>> ListAllKeysAsync(this HttpClient organizer)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            using var response = await organizer.GetAsync("/v1/api-keys?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
    }

    /// <summary>The id of the organizer key the claim created (the only key an alliance starts with).</summary>
    public static async Task<Guid> ClaimKeyIdAsync(this HttpClient organizer)
    {
        var keys = await organizer.ListAllKeysAsync();
        return keys.Single(k => k.GetProperty("name").GetString() == "Organizer key (created at claim)").GetProperty("id").GetGuid();
    }

    /// <summary>Key-shaped text (alk_ + 43 base62) that no alliance has issued.</summary>
    public static string UnknownKey() => "alk_" + string.Concat(Enumerable.Range(0, 43).Select(_ => "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[Random.Shared.Next(62)]));
}
