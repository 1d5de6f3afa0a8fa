using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.ApiKeys;
using Alliances.Api.Features.Priorities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Platform.Demo;

/// <summary>
/// The demo alliance's priorities, from its story: the three areas its organizers named are active, in this order
/// (support people opening, or who just opened, a space; help members of existing spaces with worthwhile projects; help
/// spaces invest in tools and projects), and a handful of ideas wait with votes. The votes come from a space-owner key
/// per open space, made here with secrets nobody is shown, as if each space's owner had voted: the organizer can
/// revoke them, or create keys of their own for those spaces.
/// </summary>
public static class DemoPriorities
{
    public static async Task SeedAsync(AllianceDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organizer = await db.ApiKeys.Where(k => k.Role == ApiKeyRole.Organizer).OrderBy(k => k.CreatedAt).FirstAsync(cancellationToken);
        var spaces = await db.Spaces.ToDictionaryAsync(s => s.Slug, cancellationToken);
        var proposer = new KeyReference(organizer.Id, organizer.Name);

        var owners = spaces.Values.Where(s => s.Status == SpaceStatus.Open).OrderBy(s => s.JoinedAt)
            .Select(s => OwnerKey(s, now)).ToList();
        db.ApiKeys.AddRange(owners);
        var voters = owners.Select(k => k.Id).Prepend(organizer.Id).ToList();

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var priorities = new[]
        {
            Active(1, "Support people opening, or who just opened, a space", PriorityArea.SupportNewSpaces,
                "Pair every planned or new space with a mentor from an open one: the lease, a first budget, a members' plan, and a " +
                "visit in the first month. Rainier Valley Commons is the first.",
                ("Office Nomads", Space(spaces, "office-nomads")), today.AddMonths(6),
                "Mentor matched with Rainier Valley Commons; lease review in progress."),
            Active(2, "Help members of existing spaces with worthwhile projects", PriorityArea.MemberProjects,
                "A monthly project night that moves between spaces: members bring a project that needs skills, tools or people " +
                "they do not have, and the alliance finds them.",
                ("Jigsaw Renaissance", Space(spaces, "jigsaw-renaissance")), today.AddMonths(4), null),
            Active(3, "Help spaces invest in tools and projects", PriorityArea.ToolsAndInvestment,
                "Pool purchases, start a shared tool library, and set up a small fund that member spaces can apply to for " +
                "equipment and community projects.",
                null, today.AddMonths(9), null),
            Idea("Shared event calendar across all member spaces", PriorityArea.Community,
                "One calendar of every open night, workshop and meetup in the alliance, so members find each other's events.", votes: 5),
            Idea("Reciprocal day passes between member spaces", PriorityArea.Community,
                "A member of one space can work from any other a few days a month.", votes: 3),
            Idea("Group health insurance for independent members", PriorityArea.Other,
                "Ask brokers what a plan for the alliance's independent members would cost.", votes: 2),
            Idea("Bulk purchasing of coffee and supplies", PriorityArea.ToolsAndInvestment,
                "Buy together, pay less: coffee, paper, cleaning supplies.", votes: 1),
            Idea("An alliance open-house week", PriorityArea.Community,
                "Every space opens its doors the same week, with a passport stamped at each.", votes: 0),
        };

        foreach (var (priority, votes) in priorities)
        {
            var cast = voters.Take(votes).ToList();
            priority.ProposedByKeyId = proposer.KeyId;
            priority.ProposedByName = proposer.Name;
            priority.CreatedAt = priority.UpdatedAt = now;
            priority.Version = 1;
            priority.VoteCount = cast.Count;
            db.Priorities.Add(priority);
            db.PriorityHistory.Add(PriorityHistory.Entry(priority.Id, null, PriorityStatus.Idea, null, proposer, now));
            if (priority.Status == PriorityStatus.Active)
            {
                // A moment after the proposal, so the history reads in order.
                priority.UpdatedAt = now.AddSeconds(1);
                db.PriorityHistory.Add(PriorityHistory.Entry(
                    priority.Id, PriorityStatus.Idea, PriorityStatus.Active, "One of the three areas the organizers named.", proposer,
                    priority.UpdatedAt));
            }

            db.PriorityVotes.AddRange(cast.Select(k => new PriorityVote { PriorityId = priority.Id, KeyId = k, CreatedAt = now }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static Guid? Space(Dictionary<string, Space> spaces, string slug) => spaces.TryGetValue(slug, out var space) ? space.Id : null;

    private static (Priority, int) Active(
        int rank, string title, PriorityArea area, string description, (string Name, Guid? SpaceId)? owner, DateOnly targetDate,
        string? progressNotes) =>
        (new Priority
        {
            Id = Guid.CreateVersion7(),
            Title = title,
            Description = description,
            Area = area,
            Status = PriorityStatus.Active,
            Rank = rank,
            OwnerName = owner?.Name,
            OwnerSpaceId = owner?.SpaceId,
            TargetDate = targetDate,
            ProgressNotes = progressNotes,
            ProposedByName = "",
        }, 0);

    private static (Priority, int) Idea(string title, PriorityArea area, string description, int votes) =>
        (new Priority
        {
            Id = Guid.CreateVersion7(),
            Title = title,
            Description = description,
            Area = area,
            Status = PriorityStatus.Idea,
            ProposedByName = "",
        }, votes);

    private static ApiKey OwnerKey(Space space, DateTimeOffset now)
    {
        var secret = ApiKeySecret.Generate();
        return new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = $"{space.Name} owner (demo)",
            Role = ApiKeyRole.SpaceOwner,
            SpaceId = space.Id,
            Hash = secret.Hash,
            Prefix = secret.DisplayPrefix,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
