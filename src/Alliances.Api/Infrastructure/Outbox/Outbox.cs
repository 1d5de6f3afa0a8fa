using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// Adds an event to the outbox of the current alliance. It only stages the row on the DbContext: the caller's own
/// SaveChanges (and transaction) writes it together with the change, so there is no event without its change and no
/// change without its event. A statement trigger on <c>outbox_events</c> marks the alliance in
/// <c>platform.outbox_pending</c> and NOTIFYs the dispatchers, in that same transaction.
/// </summary>
public static class Outbox
{
    private static readonly JsonSerializerOptions Fallback = new(JsonSerializerDefaults.Web);

    /// <summary>Usage in a handler: <c>db.AddEvent(WebhookEventTypes.SpaceCreated, SpaceView.From(space), http);</c></summary>
    public static OutboxEvent AddEvent<T>(this AllianceDbContext db, string type, T data, HttpContext? http = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var options = http?.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? Fallback;
        var clock = http?.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var row = new OutboxEvent
        {
            Id = Guid.CreateVersion7(),
            Type = type,
            Data = JsonSerializer.Serialize(data, options),
            OccurredAt = clock.GetUtcNow(),
        };
        db.Set<OutboxEvent>().Add(row);
        return row;
    }
}
