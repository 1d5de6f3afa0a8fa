using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>
/// Minutes live beside the meeting, not in its row, so lists and the calendar never carry up to 100 000 characters of
/// notes they do not show. Decisions are a small document (jsonb); the priority ids in them are checked when written.
/// </summary>
public sealed class MeetingMinutesConfiguration : IEntityTypeConfiguration<MeetingMinutes>
{
    public void Configure(EntityTypeBuilder<MeetingMinutes> builder)
    {
        builder.ToTable("meeting_minutes");
        builder.HasKey(m => m.MeetingId);
        builder.Property(m => m.MeetingId).ValueGeneratedNever();
        builder.Property(m => m.Markdown).HasMaxLength(100_000);
        builder.Property(m => m.Decisions).IsJsonList();
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<Meeting>().WithOne().HasForeignKey<MeetingMinutes>(m => m.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}
