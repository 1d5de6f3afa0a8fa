using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

public sealed class MeetingRsvpConfiguration : IEntityTypeConfiguration<MeetingRsvp>
{
    public void Configure(EntityTypeBuilder<MeetingRsvp> builder)
    {
        builder.ToTable("meeting_rsvps", table =>
            table.HasCheckConstraint("ck_meeting_rsvps_waitlist_is_yes", "NOT waitlisted OR (response = 'yes' AND waitlisted_at IS NOT NULL)"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(120);
        builder.Property(r => r.Email).HasMaxLength(254);
        builder.Property(r => r.Response).HasConversion(new SnakeCaseEnumConverter<RsvpResponse>()).HasMaxLength(16);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        // One answer per email per meeting: a repeat updates it.
        builder.HasIndex(r => new { r.MeetingId, r.Email }).IsUnique();
    }
}
