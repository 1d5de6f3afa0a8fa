using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

public sealed class AllianceSettingsConfiguration : IEntityTypeConfiguration<AllianceSettings>
{
    public void Configure(EntityTypeBuilder<AllianceSettings> builder)
    {
        builder.ToTable("alliance_settings", table =>
        {
            table.HasCheckConstraint("ck_alliance_settings_singleton", $"id = {AllianceSettings.SingletonId}");
            table.HasCheckConstraint("ck_alliance_settings_max_active_priorities", "max_active_priorities BETWEEN 1 AND 10");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.Website).HasMaxLength(2048);
        builder.Property(s => s.ContactEmail).HasMaxLength(254);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
