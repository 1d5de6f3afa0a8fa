using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>Column lengths match the API's documented maximums (see <c>Features/Meetings/MeetingRules</c>).</summary>
public sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.ToTable("meetings", table =>
        {
            table.HasCheckConstraint("ck_meetings_ends_after_start", "ends_at > starts_at");
            table.HasCheckConstraint("ck_meetings_capacity", "capacity BETWEEN 1 AND 10000");
            table.HasCheckConstraint("ck_meetings_host_or_location", "host_space_id IS NULL OR location IS NULL");
            table.HasCheckConstraint("ck_meetings_status", "status IN ('scheduled', 'cancelled', 'held')");
        });
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.Description).HasMaxLength(4000);
        builder.Property(m => m.TimeZone).HasMaxLength(64);
        builder.Property(m => m.Location).HasMaxLength(500);
        builder.Property(m => m.OnlineUrl).HasMaxLength(2048);
        builder.Property(m => m.Status).HasConversion(new SnakeCaseEnumConverter<MeetingStatus>()).HasMaxLength(32);
        builder.Property(m => m.CancellationReason).HasMaxLength(1000);
        builder.Property(m => m.Agenda).IsJsonList();
        builder.Property(m => m.Sequence).IsConcurrencyToken();
        builder.HasOne<Space>().WithMany().HasForeignKey(m => m.HostSpaceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<MeetingSeries>().WithMany().HasForeignKey(m => m.SeriesId).OnDelete(DeleteBehavior.SetNull);
        // The list's sort and keyset, and the calendar's window: (starts_at, id).
        builder.HasIndex(m => new { m.StartsAt, m.Id });
        builder.HasIndex(m => m.HostSpaceId);
        builder.HasIndex(m => new { m.SeriesId, m.OccurrenceIndex });
    }
}
