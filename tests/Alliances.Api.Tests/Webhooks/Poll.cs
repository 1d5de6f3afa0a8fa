using System.Text.Json;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Waiting for the dispatcher, which works in the background: read until a condition holds or a timeout passes, and
/// fail with the last value read. Never a fixed sleep, so a slow machine makes a test slower, not red.
/// </summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan? timeout = null) =>
        await UntilAsync(() => Task.FromResult(read()), done, timeout);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until)
            {
                Assert.True(done(value), $"Condition not met in time; last value: {JsonSerializer.Serialize(value)}");
                return value;
            }

            await Task.Delay(150);
        }
    }
}
