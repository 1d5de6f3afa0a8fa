using Alliances.Api.Data.Configurations;
using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Data;

/// <summary>
/// The one EF model shared by every alliance. Tables are unqualified: the schema comes from the connection's
/// search_path, set by <see cref="Tenancy.Binding.TenantConnectionBinder"/> as the connection opens. A model per
/// tenant would grow memory with every alliance (dotnet/efcore #25121), so there is exactly one.
/// </summary>
public sealed class AllianceDbContext(DbContextOptions<AllianceDbContext> options) : DbContext(options)
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Space> Spaces => Set<Space>();

    public DbSet<AllianceSettings> AllianceSettings => Set<AllianceSettings>();

    public DbSet<Priority> Priorities => Set<Priority>();

    public DbSet<PriorityVote> PriorityVotes => Set<PriorityVote>();

    public DbSet<PriorityHistoryEntry> PriorityHistory => Set<PriorityHistoryEntry>();

    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<MeetingRsvp> MeetingRsvps => Set<MeetingRsvp>();

    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();

    public DbSet<MeetingMinutes> MeetingMinutes => Set<MeetingMinutes>();

    public DbSet<MeetingSeries> MeetingSeries => Set<MeetingSeries>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        // Listed one by one rather than scanned from the assembly: an entity joins the model (and the next migration)
        // only when its line is added here, so half-written features never leak into a migration.
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new AllianceSettingsConfiguration());
        modelBuilder.ApplyConfiguration(new SpaceConfiguration());
        modelBuilder.ApplyConfiguration(new PriorityConfiguration());
        modelBuilder.ApplyConfiguration(new PriorityVoteConfiguration());
        modelBuilder.ApplyConfiguration(new PriorityHistoryEntryConfiguration());
        modelBuilder.ApplyConfiguration(new MeetingSeriesConfiguration());
        modelBuilder.ApplyConfiguration(new MeetingConfiguration());
        modelBuilder.ApplyConfiguration(new MeetingRsvpConfiguration());
        modelBuilder.ApplyConfiguration(new MeetingAttendeeConfiguration());
        modelBuilder.ApplyConfiguration(new MeetingMinutesConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRecordConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookSubscriptionConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxEventConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookAttemptConfiguration());
    }
}
