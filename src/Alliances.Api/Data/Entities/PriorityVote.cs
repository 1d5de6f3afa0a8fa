namespace Alliances.Api.Data.Entities;

/// <summary>One API key's vote for one idea. The key is the primary key's second half, so a key can vote for an idea once.</summary>
public sealed class PriorityVote
{
    public Guid PriorityId { get; set; }

    public Guid KeyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
