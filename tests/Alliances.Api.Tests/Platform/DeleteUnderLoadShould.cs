using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Platform;

/// <summary>No drain at all: every request in flight meets the drop, which is the case that must not be a 500.</summary>
public sealed class NoDrainApiFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:Operator:DeleteDrainSeconds"] = "0",
    };
}

/// <summary>
/// Issue 16, defect 4: an alliance deleted while its clients are busy. Requests in flight when the schema and role are
/// dropped end as 404 (or 403 while it is suspended for the drop), never 5xx.
/// </summary>
public sealed class DeleteUnderLoadShould(NoDrainApiFactory api) : IClassFixture<NoDrainApiFactory>
{
    [Fact]
    public async Task AnswerNo5xx_ToReadsAuthenticatedCallsOrWrites_WhileTheAllianceIsDeleted()
    {
        var alliance = await api.ClaimAsync();
        using (var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey))
        using (var space = await organizer.PostAsJsonAsync("/v1/spaces", new { name = "Busy Space", slug = "busy-space", kind = "coworking", status = "open" }))
        {
            await space.ReadJsonAsync(HttpStatusCode.Created);
        }

        var statuses = new ConcurrentBag<(string Call, int Status, string Body)>();
        var successes = 0;
        using var everyWorkerBusy = new CountdownEvent(8);
        async Task WorkAsync(int worker)
        {
            using var client = worker % 2 == 0 ? api.Alliance(alliance.Subdomain) : api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
            var signalled = false;
            var notFoundInARow = 0;
            for (var i = 0; notFoundInARow < 5 && i < 5000; i++)
            {
                var (call, request) = (worker % 4) switch
                {
                    0 => ("GET /v1/spaces", new HttpRequestMessage(HttpMethod.Get, "/v1/spaces")),
                    1 => ("GET /v1/api-keys", new HttpRequestMessage(HttpMethod.Get, "/v1/api-keys")),
                    2 => ("GET /v1/alliance", new HttpRequestMessage(HttpMethod.Get, "/v1/alliance")),
                    _ => ("POST /v1/priorities", new HttpRequestMessage(HttpMethod.Post, "/v1/priorities")
                    {
                        Content = JsonContent.Create(new { title = $"Idea {worker}-{i}", area = "other" }),
                    }),
                };
                using (request)
                using (var response = await client.SendAsync(request))
                {
                    var status = (int)response.StatusCode;
                    statuses.Add((call, status, status >= 500 ? await response.Content.ReadAsStringAsync() : ""));
                    notFoundInARow = status == 404 ? notFoundInARow + 1 : 0;
                    if (status < 300)
                    {
                        Interlocked.Increment(ref successes);
                        if (!signalled)
                        {
                            signalled = true;
                            everyWorkerBusy.Signal();
                        }
                    }
                }
            }
        }

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() => WorkAsync(w))).ToArray();
        // Delete once every worker has had a success, so the drop lands in the middle of the traffic.
        Assert.True(everyWorkerBusy.Wait(TimeSpan.FromSeconds(60)), "The workers never all got going.");
        using (var operatorClient = api.Operator())
        {
            // One DELETE, no client retry: without a drain the drop can lose a lock race to the traffic (a deadlock or
            // its lock timeout), and the deletion tries again by itself (DeleteRetriesShould proves that part).
            using var deleted = await operatorClient.DeleteAsync($"/v1/alliances/{alliance.Subdomain}?confirm={alliance.Subdomain}");
            Assert.Equal("deleted", (await deleted.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString());
        }

        await Task.WhenAll(workers);

        var failures = statuses.Where(s => s.Status >= 500).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} 5xx of {statuses.Count}: " +
            string.Join("; ", failures.Take(5).Select(f => $"{f.Call} {f.Status} {f.Body}")));
        Assert.All(statuses, s => Assert.Contains(s.Status, new[] { 200, 201, 403, 404 }));
        Assert.True(successes > 0);
    }
}
