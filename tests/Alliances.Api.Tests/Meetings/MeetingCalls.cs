using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

/// <summary>Bodies and calls the meeting tests share. Times are whole seconds, so stored values compare exactly.</summary>
public static class MeetingCalls
{
    public const string LosAngeles = "America/Los_Angeles";

    public static DateTimeOffset WholeSecond(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    /// <summary>A two-hour meeting starting <paramref name="startsIn"/> from now (negative: already started).</summary>
    public static JsonObject Body(string title, TimeSpan startsIn, int minutes = 120, DateTimeOffset? now = null)
    {
        var start = WholeSecond((now ?? DateTimeOffset.UtcNow) + startsIn);
        return new JsonObject
        {
            ["title"] = title,
            ["startsAt"] = start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = start.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public static JsonObject Segment(string title, string kind, int minutes, string? facilitator = null) => new()
    {
        ["title"] = title,
        ["kind"] = kind,
        ["minutes"] = minutes,
        ["facilitator"] = facilitator,
    };

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonElement> CreateMeetingAsync(this HttpClient organizer, JsonObject body)
    {
        using var response = await organizer.PostAsync("/v1/meetings", Json(body));
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<Guid> CreateMeetingIdAsync(this HttpClient organizer, JsonObject body) =>
        (await organizer.CreateMeetingAsync(body)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> GetMeetingAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/v1/meetings/{id}");
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> RsvpAsync(
        this HttpClient member, Guid meetingId, string name, string email, string response, Guid? spaceId = null) =>
        member.PostAsJsonAsync($"/v1/meetings/{meetingId}/rsvps", new { name, email, response, spaceId });

    public static async Task<JsonElement> CountsAsync(this HttpClient client, Guid meetingId)
    {
        using var response = await client.GetAsync($"/v1/meetings/{meetingId}/rsvp-counts");
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> CreateSpaceAsync(this HttpClient organizer, string name, string street = "1617 Boylston Ave")
    {
        var words = name.ToLowerInvariant().Split(' ').Select(w => new string([.. w.Where(char.IsAsciiLetterOrDigit)])).Where(w => w.Length > 0);
        var slug = string.Join('-', words) + "-" + Guid.NewGuid().ToString("N")[..6];
        using var response = await organizer.PostAsJsonAsync("/v1/spaces", new
        {
            name,
            slug,
            kind = "coworking",
            status = "open",
            address = new { street, city = "Seattle", region = "WA", postalCode = "98122", countryCode = "US" },
        });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<string> CreateKeyAsync(this HttpClient organizer, string role, Guid? spaceId = null)
    {
        using var response = await organizer.PostAsJsonAsync("/v1/api-keys", new { name = role + " key", role, spaceId });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, JsonNode? body,
        string? ifMatch = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static string ETagOf(HttpResponseMessage response)
    {
        var tag = response.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(tag), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} has no ETag");
        return tag!;
    }

    /// <summary>Every item of a list, following <c>nextCursor</c>.</summary>
    public static async Task<List<JsonElement>> ListAllAsync(this HttpClient client, string path, int limit = 100)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        do
        {
            using var response = await client.GetAsync($"{path}{separator}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    /// <summary>The errors of a 400/422 problem, by field.</summary>
    public static Dictionary<string, string[]> Errors(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
}
