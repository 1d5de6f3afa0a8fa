namespace Alliances.Api.Infrastructure.Outbox;

/// <summary><c>Alliances:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Alliances:Webhooks";

    /// <summary>Per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits before each retry (the first attempt is immediate): about 27 h in all, after Standard Webhooks'
    /// reference schedule. Each wait gets ±20 % jitter so failing receivers are not hit in lock-step.
    /// </summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Configured waits; empty means <see cref="DefaultRetrySchedule"/>. (No initializer: the binder appends to one.)</summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule.Length > 0 ? RetrySchedule : DefaultRetrySchedule;

    /// <summary>
    /// A claimed delivery is leased this long; a dispatcher that dies mid-delivery loses it after the lease. The lease is
    /// renewed just before each attempt, so it must be longer than <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often <c>platform.outbox_pending</c> is read for alliances whose work is due, NOTIFY or not.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Exhausted retry schedules in a row after which a failing subscription is disabled.</summary>
    public int DisableAfterExhaustions { get; set; } = 3;

    /// <summary>
    /// Plain http targets, at registration and at send time. Honoured in Development and Testing only (see
    /// <see cref="WebhookTargetPolicy"/>); start-up fails if it is set anywhere else (<see cref="WebhookOptionsValidator"/>).
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// TEST ONLY: lets the SSRF guard connect to loopback, for a receiver in the test process. Start-up fails if it is set
    /// outside the Testing environment. It does not allow http; that is <see cref="AllowHttp"/>.
    /// </summary>
    public bool AllowLoopbackForTests { get; set; }

    public bool RunDispatcher { get; set; } = true;
}
