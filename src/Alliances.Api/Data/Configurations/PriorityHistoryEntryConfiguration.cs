using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>The history goes with its priority: only a never-voted idea can be deleted, and its history with it.</summary>
public sealed class PriorityHistoryEntryConfiguration : IEntityTypeConfiguration<PriorityHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PriorityHistoryEntry> builder)
    {
        builder.ToTable("priority_history", table =>
        {
            table.HasCheckConstraint("ck_priority_history_from", "from_status IN ('idea', 'active', 'achieved', 'dropped')");
            table.HasCheckConstraint("ck_priority_history_to", "to_status IN ('idea', 'active', 'achieved', 'dropped')");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FromStatus).HasConversion(new SnakeCaseEnumConverter<PriorityStatus>()).HasMaxLength(32);
        builder.Property(e => e.ToStatus).HasConversion(new SnakeCaseEnumConverter<PriorityStatus>()).HasMaxLength(32);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.Property(e => e.ByName).HasMaxLength(100);
        builder.HasOne<Priority>().WithMany().HasForeignKey(e => e.PriorityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(e => e.ByKeyId).OnDelete(DeleteBehavior.Restrict);
        // The history of one priority, in order, and its keyset.
        builder.HasIndex(e => new { e.PriorityId, e.At, e.Id });
    }
}
