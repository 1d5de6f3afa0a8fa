using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// Fails start-up when a switch that weakens the SSRF guard is set where it must not be. Refusing to start, rather than
/// ignoring the switch, because a test-only setting that reached a deployed environment is a configuration mistake the
/// operator must hear about, and because the alternative (silently honouring it) let any environment reach loopback.
/// </summary>
public sealed class WebhookOptionsValidator(IHostEnvironment environment) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AllowLoopbackForTests && !environment.IsEnvironment(WebhookTargetPolicy.TestingEnvironment))
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.AllowLoopbackForTests)} is a test-only switch that lets webhooks " +
                         $"reach loopback and is allowed only in the '{WebhookTargetPolicy.TestingEnvironment}' environment, not in " +
                         $"'{environment.EnvironmentName}'. Remove it.");
        }

        if (options.AllowHttp && !WebhookTargetPolicy.MayAllowHttp(environment))
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.AllowHttp)} (plain http webhook targets) is allowed only in the " +
                         $"Development and '{WebhookTargetPolicy.TestingEnvironment}' environments, not in '{environment.EnvironmentName}'. " +
                         "Remove it: receivers elsewhere must use https.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
