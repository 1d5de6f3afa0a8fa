using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>
/// The primary key (priority_id, key_id) is what makes a vote unique: two concurrent votes of one key meet there, and
/// <c>INSERT … ON CONFLICT DO NOTHING</c> keeps one. A priority with votes cannot be deleted (RESTRICT).
/// </summary>
public sealed class PriorityVoteConfiguration : IEntityTypeConfiguration<PriorityVote>
{
    public void Configure(EntityTypeBuilder<PriorityVote> builder)
    {
        builder.ToTable("priority_votes");
        builder.HasKey(v => new { v.PriorityId, v.KeyId });
        builder.HasOne<Priority>().WithMany().HasForeignKey(v => v.PriorityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(v => v.KeyId).OnDelete(DeleteBehavior.Restrict);
    }
}
