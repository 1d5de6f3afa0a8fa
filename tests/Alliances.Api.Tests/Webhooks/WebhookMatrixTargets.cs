using System.Net.Http.Json;
using Alliances.Api.Tests.Authorization;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>Requests for the authorization matrix rows of <c>/v1/webhooks</c>: each on a fresh subscription of the home alliance.</summary>
public static class WebhookMatrixTargets
{
    public static object NewBody(string marker = "matrix") =>
        new { url = $"https://hooks.example.org/{marker}", eventTypes = new[] { "space.created" } };

    public static Task<MatrixRequest> Create(MatrixWorld world) => Task.FromResult(new MatrixRequest("/v1/webhooks", NewBody()));

    public static async Task<MatrixRequest> Item(MatrixWorld world) => new($"/v1/webhooks/{await FreshAsync(world)}");

    public static async Task<MatrixRequest> Patch(MatrixWorld world) =>
        new($"/v1/webhooks/{await FreshAsync(world)}", new { eventTypes = new[] { "space.created", "space.updated" } });

    public static async Task<MatrixRequest> Rotate(MatrixWorld world) => new($"/v1/webhooks/{await FreshAsync(world)}/rotate-secret");

    public static async Task<MatrixRequest> Deliveries(MatrixWorld world) => new($"/v1/webhooks/{await FreshAsync(world)}/deliveries");

    public static async Task<MatrixRequest> Ping(MatrixWorld world) => new($"/v1/webhooks/{await FreshAsync(world)}/ping");

    public static async Task<MatrixRequest> Redeliver(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var id = await FreshAsync(world);
        using var client = world.OrganizerClient();
        using var ping = await client.PostAsync($"/v1/webhooks/{id}/ping", null);
        var delivery = (await ping.ReadJsonAsync(System.Net.HttpStatusCode.Accepted)).GetProperty("deliveryId").GetGuid();
        return new($"/v1/webhooks/{id}/deliveries/{delivery}/redeliver");
    }

    private static async Task<Guid> FreshAsync(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        using var client = world.OrganizerClient();
        using var response = await client.PostAsJsonAsync("/v1/webhooks", NewBody());
        return (await response.ReadJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}
