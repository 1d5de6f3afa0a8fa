using Alliances.Api.Tests.Authorization;

namespace Alliances.Api.Tests.Priorities;

/// <summary>
/// Requests for the priority rows of the authorization matrix: each cell gets a fresh target in the state its action
/// needs, so the status in the cell depends only on who asks. Actions that need a free slot make room first, because the
/// matrix's alliance is shared by every row.
/// </summary>
public static class PriorityMatrixTargets
{
    public static Task<MatrixRequest> Create(MatrixWorld world) =>
        Task.FromResult(new MatrixRequest("/v1/priorities", new { title = "Proposed in the authorization matrix", area = "other" }));

    public static async Task<MatrixRequest> Item(MatrixWorld world) => new($"/v1/priorities/{await IdeaAsync(world)}");

    public static async Task<MatrixRequest> History(MatrixWorld world) => new($"/v1/priorities/{await IdeaAsync(world)}/history");

    public static async Task<MatrixRequest> Vote(MatrixWorld world) => new($"/v1/priorities/{await IdeaAsync(world)}/vote");

    /// <summary>An idea proposed with space X's owner key, so that column is the proposer who may edit it.</summary>
    public static async Task<MatrixRequest> Patch(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var ownerKey = await world.KeyForAsync(Principal.OwnerOfSpaceX, new MatrixRequest("/v1/priorities"));
        using var owner = world.Api.Alliance(world.Home.Subdomain, ownerKey);
        return new($"/v1/priorities/{await owner.ProposeIdAsync("Proposed by the owner of space X")}",
            new { progressNotes = "Edited in the authorization matrix." });
    }

    public static async Task<MatrixRequest> Promote(MatrixWorld world)
    {
        await MakeRoomAsync(world);
        return new($"/v1/priorities/{await IdeaAsync(world)}/promote");
    }

    public static async Task<MatrixRequest> Achieve(MatrixWorld world) => new($"/v1/priorities/{await ActiveAsync(world)}/achieve");

    public static async Task<MatrixRequest> Drop(MatrixWorld world) =>
        new($"/v1/priorities/{await IdeaAsync(world)}/drop", new { reason = "Dropped in the authorization matrix." });

    public static async Task<MatrixRequest> Reopen(MatrixWorld world)
    {
        using var organizer = Organizer(world);
        var id = await organizer.ProposeIdAsync("To be reopened");
        await organizer.DropAsync(id);
        return new($"/v1/priorities/{id}/reopen");
    }

    public static async Task<MatrixRequest> Order(MatrixWorld world)
    {
        using var organizer = Organizer(world);
        return new("/v1/priorities/order", new { ids = await organizer.ActiveIdsAsync() });
    }

    private static async Task<Guid> IdeaAsync(MatrixWorld world)
    {
        using var organizer = Organizer(world);
        return await organizer.ProposeIdAsync("Proposed for the authorization matrix");
    }

    private static async Task<Guid> ActiveAsync(MatrixWorld world)
    {
        await MakeRoomAsync(world);
        using var organizer = Organizer(world);
        return (await organizer.PromoteAsync(await organizer.ProposeIdAsync("Promoted for the authorization matrix"))).Id();
    }

    /// <summary>Drops every active priority, so the next promote has a free slot whatever the rows before it left.</summary>
    private static async Task MakeRoomAsync(MatrixWorld world)
    {
        using var organizer = Organizer(world);
        foreach (var id in await organizer.ActiveIdsAsync())
        {
            await organizer.DropAsync(id, "Making room in the authorization matrix.");
        }
    }

    private static HttpClient Organizer(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return world.OrganizerClient();
    }
}
