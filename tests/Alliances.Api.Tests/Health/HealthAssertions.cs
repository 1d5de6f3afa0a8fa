using System.Net;

namespace Alliances.Api.Tests.Health;

public static class HealthAssertions
{
    public static async Task AssertHealthyAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("Healthy", body);
    }

    /// <summary>GETs <paramref name="path"/>, following up to five redirects on the same client (and so the same Host).</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> GetFollowingRedirectsAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var uri = new Uri(client.BaseAddress!, path);
        for (var hop = 0; ; hop++)
        {
            var response = await client.GetAsync(uri);
            if (response.StatusCode is not (HttpStatusCode.Moved or HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
            {
                return (response, await response.Content.ReadAsStringAsync());
            }

            var location = response.Headers.Location;
            response.Dispose();
            Assert.True(location is not null, $"A redirect from {uri} has no Location.");
            Assert.True(hop < 5, $"Too many redirects, the last to {location}.");
            uri = new Uri(uri, location);
        }
    }
}
