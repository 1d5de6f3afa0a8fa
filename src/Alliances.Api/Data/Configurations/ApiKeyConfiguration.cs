using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Role).HasConversion(new SnakeCaseEnumConverter<ApiKeyRole>()).HasMaxLength(32);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
