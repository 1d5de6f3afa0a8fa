using System.Security.Cryptography;
using System.Text;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// Standard Webhooks signing: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the key is the
/// base64-decoded part of the <c>whsec_…</c> secret. During a rotation overlap the header carries one signature per
/// secret, separated by spaces, and receivers accept any of them.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const int SecretBytes = 32;

    /// <summary>A new secret: <c>whsec_</c> plus 32 random bytes in base64, as the spec's libraries expect.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>The <c>webhook-signature</c> header value for every secret currently valid.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));
}
