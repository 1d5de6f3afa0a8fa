using System.Net;
using Alliances.Api.Infrastructure.Outbox;
using FluentValidation;

namespace Alliances.Api.Features.Webhooks;

/// <summary>
/// Registration-time URL checks: absolute, https (http only where <see cref="WebhookTargetPolicy.AllowHttp"/>), no
/// credentials, and no literal address the SSRF guard refuses. This is only the friendly early answer; the checks at
/// connect time (<see cref="WebhookHttpClient"/>) are what protect, also for URLs stored before a rule or setting changed.
/// </summary>
public static class WebhookUrlRules
{
    public static IRuleBuilderOptions<T, string> MustBeWebhookUrl<T>(this IRuleBuilder<T, string> rule, WebhookTargetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return rule.NotEmpty().MaximumLength(2000).Must(url => IsAcceptable(url, policy.AllowHttp, policy.AllowLoopback))
            .WithMessage(policy.AllowHttp ? "url must be an absolute http(s) URL without credentials." : "url must be an absolute https URL without credentials.");
    }

    public static bool IsAcceptable(string? url, bool allowHttp, bool allowLoopback) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)) &&
        string.IsNullOrEmpty(uri.UserInfo) && uri.Fragment.Length == 0 &&
        !(IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && WebhookAddressGuard.IsForbidden(literal, allowLoopback)) &&
        (allowLoopback || !uri.IsLoopback);
}
