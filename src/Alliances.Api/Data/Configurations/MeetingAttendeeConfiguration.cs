using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

public sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> builder)
    {
        builder.ToTable("meeting_attendees");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(120);
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MeetingRsvp>().WithMany().HasForeignKey(a => a.RsvpId).OnDelete(DeleteBehavior.SetNull);
        // A person checks in once; walk-ins without an email are not deduplicated (NULLs are distinct).
        builder.HasIndex(a => new { a.MeetingId, a.Email }).IsUnique();
    }
}
