using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

public sealed class MeetingSeriesConfiguration : IEntityTypeConfiguration<MeetingSeries>
{
    public void Configure(EntityTypeBuilder<MeetingSeries> builder)
    {
        builder.ToTable("meeting_series", table =>
        {
            table.HasCheckConstraint("ck_meeting_series_duration", "duration_minutes BETWEEN 1 AND 1440");
            table.HasCheckConstraint("ck_meeting_series_capacity", "capacity BETWEEN 1 AND 10000");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Rule).HasMaxLength(500);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.HostSpaceIds).HasColumnType("uuid[]");
        builder.Property(s => s.Location).HasMaxLength(500);
        builder.Property(s => s.OnlineUrl).HasMaxLength(2048);
        builder.Property(s => s.Agenda).IsJsonList();
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
