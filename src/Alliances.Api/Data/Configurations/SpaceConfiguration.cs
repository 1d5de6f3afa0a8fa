using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>Column lengths match the API's documented maximums, so the database refuses what validation would.</summary>
public sealed class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> builder)
    {
        builder.ToTable("spaces", table =>
        {
            table.HasCheckConstraint("ck_spaces_location_complete", "(latitude IS NULL) = (longitude IS NULL)");
            table.HasCheckConstraint("ck_spaces_latitude", "latitude BETWEEN -90 AND 90");
            table.HasCheckConstraint("ck_spaces_longitude", "longitude BETWEEN -180 AND 180");
            table.HasCheckConstraint("ck_spaces_capacity", "capacity BETWEEN 1 AND 100000");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(120);
        builder.Property(s => s.Slug).HasMaxLength(60);
        builder.Property(s => s.Kind).HasConversion(new SnakeCaseEnumConverter<SpaceKind>()).HasMaxLength(32);
        builder.Property(s => s.Status).HasConversion(new SnakeCaseEnumConverter<SpaceStatus>()).HasMaxLength(32);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Website).HasMaxLength(2048);
        builder.Property(s => s.LogoUrl).HasMaxLength(2048);
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.Phone).HasMaxLength(40);
        builder.Property(s => s.AddressStreet).HasMaxLength(200);
        builder.Property(s => s.AddressCity).HasMaxLength(120);
        builder.Property(s => s.AddressRegion).HasMaxLength(120);
        builder.Property(s => s.AddressPostalCode).HasMaxLength(20);
        builder.Property(s => s.AddressCountryCode).HasMaxLength(2).IsFixedLength();
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.Neighborhood).HasMaxLength(120);
        builder.Property(s => s.Amenities).HasColumnType("text[]");
        builder.Property(s => s.OpeningHours).IsJsonList();
        builder.Property(s => s.MembershipPlans).IsJsonList();
        builder.Property(s => s.WelcomedBy).HasMaxLength(100);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.Slug).IsUnique();
        // The list's sort and keyset: (name, id).
        builder.HasIndex(s => new { s.Name, s.Id });
    }
}
