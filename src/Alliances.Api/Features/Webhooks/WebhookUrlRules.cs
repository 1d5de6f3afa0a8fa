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
        // Two messages: a well-formed URL refused for where it points must say so, not that it is malformed.
        return rule.NotEmpty().MaximumLength(2000).Must(url => IsWellFormed(url, policy.AllowHttp))
            .WithMessage(policy.AllowHttp ? "url must be an absolute http(s) URL without credentials." : "url must be an absolute https URL without credentials.")
            .Must(url => !PointsAtPrivateAddress(url, policy.AllowLoopback))
            .WithMessage((_, url) => $"url points at {HostOf(url)}, a private, loopback or otherwise non-public address; webhooks are delivered only to public addresses.");
    }

    public static bool IsAcceptable(string? url, bool allowHttp, bool allowLoopback) =>
        IsWellFormed(url, allowHttp) && !PointsAtPrivateAddress(url, allowLoopback);

    private static bool IsWellFormed(string? url, bool allowHttp) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)) &&
        string.IsNullOrEmpty(uri.UserInfo) && uri.Fragment.Length == 0;

    /// <summary>A literal address the SSRF guard refuses, or a loopback name such as <c>localhost</c>.</summary>
    private static bool PointsAtPrivateAddress(string? url, bool allowLoopback) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        ((IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && WebhookAddressGuard.IsForbidden(literal, allowLoopback)) ||
         (!allowLoopback && uri.IsLoopback));

    private static string HostOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "its host";
}
