using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.RateLimiting;
using Alliances.Tenancy.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Platform.Alliances;

/// <summary>
/// Claims create a schema and a role each, so they get limits of their own, far below the apex's request limit: per
/// client address (<see cref="RateLimitOptions.Claim"/>, in memory on each node, like the other per-caller limits),
/// and across the whole platform (<see cref="RateLimitOptions.ClaimCeiling"/>), counted from the catalog's
/// <c>created_at</c> over the last window so that every API node sees the same count. Concurrent claims can pass
/// the ceiling by the few that were checked at the same moment; it bounds the rate, it is not a quota.
/// </summary>
public sealed class ClaimLimits : IDisposable
{
    public const string ClaimPolicy = "claim";
    public const string CeilingPolicy = "claim-ceiling";

    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly AppDataSource _app;
    private readonly TimeProvider _clock;
    private readonly PartitionedRateLimiter<IPAddress> _perAddress;

    public ClaimLimits(IOptionsMonitor<RateLimitOptions> options, AppDataSource app, TimeProvider clock)
    {
        _options = options;
        _app = app;
        _clock = clock;
        _perAddress = PartitionedRateLimiter.Create<IPAddress, IPAddress>(
            address => RateLimitPartition.Get(address, _ => new AlignedWindowLimiter(_options.CurrentValue.Claim, _clock)));
    }

    /// <summary>Null when the claim may go ahead (and it is counted); otherwise the 429 to answer, its headers already set.</summary>
    public async Task<ProblemHttpResult?> RejectAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ceiling = _options.CurrentValue.ClaimCeiling;
        await using (var count = _app.DataSource.CreateCommand(
            "SELECT count(*), min(created_at) FROM platform.alliances WHERE created_at > $1"))
        {
            var since = _clock.GetUtcNow() - ceiling.Window;
            count.Parameters.Add(new() { Value = since });
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) >= ceiling.PermitLimit)
            {
                // The window slides: a claim is possible again once its oldest claim has left it.
                var oldest = reader.IsDBNull(1) ? _clock.GetUtcNow() : reader.GetFieldValue<DateTimeOffset>(1);
                var seconds = (int)Math.Max(1, Math.Ceiling((oldest + ceiling.Window - _clock.GetUtcNow()).TotalSeconds));
                return TooMany(http, CeilingPolicy, ceiling, seconds, "The platform has taken as many new alliances as it takes in an hour");
            }
        }

        var address = ClientAddress.Of(http) ?? IPAddress.None;
        using var lease = _perAddress.AttemptAcquire(address);
        var perAddress = _options.CurrentValue.Claim;
        if (!lease.IsAcquired)
        {
            return TooMany(http, ClaimPolicy, perAddress, AlignedWindowLimiter.SecondsUntilReset(perAddress, _clock.GetUtcNow()),
                "This client address has made as many claims as it may in this window");
        }

        return null;
    }

    public void Dispose() => _perAddress.Dispose();

    private static ProblemHttpResult TooMany(HttpContext http, string policy, WindowLimit limit, int seconds, string what)
    {
        var retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.RetryAfter = retryAfter;
        http.Response.Headers["RateLimit-Policy"] = $"\"{policy}\";q={limit.PermitLimit};w={limit.WindowSeconds}";
        http.Response.Headers["RateLimit"] = $"\"{policy}\";r=0;t={retryAfter}";
        return ApiProblems.Problem(429, ProblemTypes.RateLimited, "Too many requests", $"{what}; retry in {seconds} s.");
    }
}
