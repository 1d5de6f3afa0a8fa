using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>
/// Column lengths match the API's documented maximums. The check constraints hold the database to the rules the
/// handlers keep: a rank exactly when active, an achievement time exactly when achieved, no negative vote counts.
/// Ranks are also unique, by a <c>DEFERRABLE</c> constraint that the AddPriorities migration creates in SQL: EF cannot
/// declare one, and a plain unique index would trip over its own rows halfway through <c>SET rank = rank + 1</c>.
/// </summary>
public sealed class PriorityConfiguration : IEntityTypeConfiguration<Priority>
{
    public void Configure(EntityTypeBuilder<Priority> builder)
    {
        builder.ToTable("priorities", table =>
        {
            table.HasCheckConstraint("ck_priorities_status", "status IN ('idea', 'active', 'achieved', 'dropped')");
            table.HasCheckConstraint("ck_priorities_area",
                "area IN ('support_new_spaces', 'member_projects', 'tools_and_investment', 'community', 'other')");
            table.HasCheckConstraint("ck_priorities_rank_when_active", "(status = 'active') = (rank IS NOT NULL)");
            table.HasCheckConstraint("ck_priorities_rank_positive", "rank >= 1");
            table.HasCheckConstraint("ck_priorities_achieved_at_when_achieved", "(status = 'achieved') = (achieved_at IS NOT NULL)");
            table.HasCheckConstraint("ck_priorities_vote_count", "vote_count >= 0");
            table.HasCheckConstraint("ck_priorities_owner_named", "owner_space_id IS NULL OR owner_name IS NOT NULL");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Area).HasConversion(new SnakeCaseEnumConverter<PriorityArea>()).HasMaxLength(32);
        builder.Property(p => p.Status).HasConversion(new SnakeCaseEnumConverter<PriorityStatus>()).HasMaxLength(32);
        builder.Property(p => p.OwnerName).HasMaxLength(120);
        builder.Property(p => p.ProgressNotes).HasMaxLength(4000);
        builder.Property(p => p.ProposedByName).HasMaxLength(100);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Space>().WithMany().HasForeignKey(p => p.OwnerSpaceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(p => p.ProposedByKeyId).OnDelete(DeleteBehavior.Restrict);
        // The default list: active by rank, the rest by age; and the keyset of both sorts ends in (created_at, id).
        builder.HasIndex(p => new { p.Status, p.Rank });
        builder.HasIndex(p => new { p.CreatedAt, p.Id });
    }
}
