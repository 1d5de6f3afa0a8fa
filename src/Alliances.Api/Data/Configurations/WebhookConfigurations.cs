using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

public sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions", t => t.HasCheckConstraint("ck_webhook_subscriptions_state", "state IN ('healthy', 'failing', 'disabled')"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.PreviousSecret).HasMaxLength(100);
        builder.Property(s => s.State).HasConversion(new SnakeCaseEnumConverter<WebhookState>()).HasMaxLength(16);
        builder.Property(s => s.DisabledReason).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

public sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Data).HasColumnType("jsonb");
        // The dispatcher's queue: only undispatched rows are indexed, so the index stays tiny.
        builder.HasIndex(e => e.Id).HasDatabaseName("ix_outbox_events_pending").HasFilter("dispatched_at IS NULL");
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries", t => t.HasCheckConstraint("ck_webhook_deliveries_state", "state IN ('pending', 'succeeded', 'failed')"));
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.State).HasConversion(new SnakeCaseEnumConverter<WebhookDeliveryState>()).HasMaxLength(16);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("state = 'pending'");
        builder.HasIndex(d => new { d.SubscriptionId, d.Id });
    }
}

public sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.Property(a => a.ResponseExcerpt).HasMaxLength(1024);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.SubscriptionId, a.AttemptedAt, a.Id });
    }
}
