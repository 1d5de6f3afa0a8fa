namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// The two exceptions to "public https only" this process grants webhooks, decided once from configuration and the
/// environment, and read by both the registration rules and the connect-time guard so the two can never disagree.
/// <list type="bullet">
/// <item><see cref="AllowHttp"/>: <see cref="WebhookOptions.AllowHttp"/> in Development or Testing. Decision: the
/// option is kept and wired (not deleted) so that plain http is an explicit opt-in even where it is permitted, and so a
/// test can run the Testing environment with it off; <c>appsettings.Development.json</c> turns it on for
/// <c>dotnet run</c>.</item>
/// <item><see cref="AllowLoopback"/>: <see cref="WebhookOptions.AllowLoopbackForTests"/> in Testing only.</item>
/// </list>
/// <see cref="WebhookOptionsValidator"/> refuses to start when either is set anywhere else; the environment is checked
/// here as well so that the switches stay off even if that validation were ever skipped.
/// </summary>
public sealed record WebhookTargetPolicy(bool AllowHttp, bool AllowLoopback)
{
    /// <summary>The test host's environment name (set by the test factories).</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>Public https targets only: what every deployed environment gets.</summary>
    public static readonly WebhookTargetPolicy Strict = new(AllowHttp: false, AllowLoopback: false);

    public static WebhookTargetPolicy From(WebhookOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        return new(
            AllowHttp: options.AllowHttp && MayAllowHttp(environment),
            AllowLoopback: options.AllowLoopbackForTests && environment.IsEnvironment(TestingEnvironment));
    }

    /// <summary>
    /// Development, for a receiver on a laptop; and Testing, whose receivers are plain-http Kestrel servers in the test
    /// process (a certificate for each would test TLS, not this API).
    /// </summary>
    public static bool MayAllowHttp(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);
    }
}
