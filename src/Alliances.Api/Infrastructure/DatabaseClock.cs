namespace Alliances.Api.Infrastructure;

/// <summary>
/// "Now" at the precision PostgreSQL stores (microseconds). A response built from an in-memory value with 100 ns ticks
/// would disagree with the same resource read back a moment later, and so would anything derived from it (ETags).
/// </summary>
public static class DatabaseClock
{
    public static DateTimeOffset GetDatabaseNow(this TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Truncate(clock.GetUtcNow());
    }

    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
