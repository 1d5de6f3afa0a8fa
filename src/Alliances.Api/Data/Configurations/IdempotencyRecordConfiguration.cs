using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>The key is (caller, idempotency key): the alliance is the schema, so the scope is (alliance, key id, key).</summary>
public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records", table =>
            table.HasCheckConstraint("ck_idempotency_records_state", "state IN ('in_progress', 'completed')"));
        builder.HasKey(r => new { r.KeyId, r.IdempotencyKey });
        builder.Property(r => r.IdempotencyKey).HasMaxLength(255);
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.Property(r => r.State).HasConversion(new SnakeCaseEnumConverter<IdempotencyState>()).HasMaxLength(16);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        builder.Property(r => r.Location).HasMaxLength(2000);
        // Expired records are purged in small batches by this index.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
