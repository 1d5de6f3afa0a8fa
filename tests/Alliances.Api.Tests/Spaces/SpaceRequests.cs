using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

/// <summary>Bodies and calls the space tests share: a minimal and a fully filled space, keys of each role, merge patches.</summary>
public static class SpaceRequests
{
    public const string MergePatch = "application/merge-patch+json";

    /// <summary>Only what a create requires.</summary>
    public static JsonObject Minimal(string name, string? slug = null) => new()
    {
        ["name"] = name,
        ["slug"] = slug ?? Slug(name),
        ["kind"] = "coworking",
        ["status"] = "open",
    };

    /// <summary>Every writable field, each with a valid value.</summary>
    public static JsonObject Full(string name = "Office Nomads", string? slug = null) => new()
    {
        ["name"] = name,
        ["slug"] = slug ?? Slug(name),
        ["kind"] = "coworking",
        ["status"] = "open",
        ["description"] = "A community coworking space on Capitol Hill.",
        ["website"] = "https://www.officenomads.com",
        ["logoUrl"] = "https://www.officenomads.com/logo.png",
        ["email"] = "hello@officenomads.example",
        ["phone"] = "+1 206 555 0100",
        ["address"] = new JsonObject
        {
            ["street"] = "1617 Boylston Ave",
            ["city"] = "Seattle",
            ["region"] = "WA",
            ["postalCode"] = "98122",
            ["countryCode"] = "US",
        },
        ["location"] = new JsonObject { ["lat"] = 47.6152, ["lon"] = -122.321 },
        ["timeZone"] = "America/Los_Angeles",
        ["neighborhood"] = "Capitol Hill",
        ["amenities"] = new JsonArray("wifi", "coffee", "bike_storage"),
        ["openingHours"] = new JsonArray(
            new JsonObject { ["weekday"] = "monday", ["opens"] = "09:00", ["closes"] = "12:00" },
            new JsonObject { ["weekday"] = "monday", ["opens"] = "12:00", ["closes"] = "17:30" },
            new JsonObject { ["weekday"] = "saturday", ["opens"] = "10:00", ["closes"] = "24:00" }),
        ["membershipPlans"] = new JsonArray(
            new JsonObject { ["name"] = "Community", ["price"] = new JsonObject { ["amount"] = "0.00", ["currency"] = "USD" }, ["interval"] = "month" },
            new JsonObject { ["name"] = "Full-time", ["price"] = new JsonObject { ["amount"] = "450.00", ["currency"] = "USD" }, ["interval"] = "month" },
            new JsonObject { ["name"] = "Day pass", ["price"] = new JsonObject { ["amount"] = "30", ["currency"] = "EUR" }, ["interval"] = "day" }),
        ["capacity"] = 90,
        ["joinedAt"] = "2019-03-01",
    };

    public static string Slug(string name) =>
        string.Join('-', name.ToLowerInvariant().Split(' ', '_', '.').Where(p => p.Length > 0)
            .Select(p => new string([.. p.Where(char.IsAsciiLetterOrDigit)])).Where(p => p.Length > 0));

    /// <summary>RFC 7396, to build "the full body with this change" for a create.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            var existing = result[name]?.DeepClone();
            result.Remove(name);
            if (value is not null)
            {
                result[name] = Merge(existing, value);
            }
        }

        return result;
    }

    public static async Task<JsonElement> CreateSpaceAsync(this HttpClient organizer, JsonObject body)
    {
        using var response = await organizer.PostAsync("/v1/spaces", Json(body));
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<Guid> CreateSpaceIdAsync(this HttpClient organizer, JsonObject body) =>
        (await organizer.CreateSpaceAsync(body)).GetProperty("id").GetGuid();

    /// <summary>Creates an API key of <paramref name="role"/> and returns its text.</summary>
    public static async Task<string> CreateKeyAsync(this HttpClient organizer, string role, Guid? spaceId = null, string name = "test key")
    {
        using var response = await organizer.PostAsJsonAsync("/v1/api-keys", new { name, role, spaceId });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return body.GetProperty("key").GetString()!;
    }

    public static StringContent Json(JsonNode body, string contentType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, contentType);

    public static Task<HttpResponseMessage> PatchJsonAsync(
        this HttpClient client, string path, string json, string? ifMatch = null, string contentType = MergePatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetWithAsync(this HttpClient client, string path, string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header, value);
        return client.SendAsync(request);
    }

    public static string ETag(this HttpResponseMessage response)
    {
        var tag = response.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(tag), $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} has no ETag");
        return tag!;
    }

    /// <summary>Names of the items of a list response, in order.</summary>
    public static IReadOnlyList<string> Names(this JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
}
