using System.Security.Cryptography;
using System.Text;

namespace Alliances.Api.Infrastructure.Idempotency;

/// <summary>
/// How the first response's body is kept for replay. Some bodies carry a secret that is shown once (a new API key's
/// text, a webhook's <c>whsec_</c> secret); stored as they are, a dump or backup of the database would hold a usable
/// key for a day, where everywhere else it holds only a hash. So a keyed caller's body is sealed with AES-256-GCM under
/// a key derived (HKDF-SHA256) from the caller's own API key text, which the database never holds, and from the
/// alliance and the Idempotency-Key. Only a retry that presents the same API key can open it. Anonymous callers are
/// never shown secrets, and their bodies are kept as they are.
/// </summary>
/// <remarks>
/// Layout: one format byte, then for <see cref="SealedFormat"/> a 12-byte nonce, a 16-byte tag and the ciphertext. A
/// stored body that starts with neither format byte is a JSON body written before sealing existed, and is replayed as is.
/// </remarks>
public static class StoredResponseBody
{
    public const byte PlainFormat = 0;
    public const byte SealedFormat = 1;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] Purpose = "alliances/idempotency-response/v1"u8.ToArray();

    public static byte[] Seal(ReadOnlySpan<byte> body, string? bearerToken, Guid allianceId, string idempotencyKey)
    {
        if (bearerToken is null)
        {
            return [PlainFormat, .. body];
        }

        var stored = new byte[1 + NonceLength + TagLength + body.Length];
        stored[0] = SealedFormat;
        var nonce = stored.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(KeyFor(bearerToken, allianceId, idempotencyKey), TagLength);
        aes.Encrypt(nonce, body, stored.AsSpan(1 + NonceLength + TagLength), stored.AsSpan(1 + NonceLength, TagLength), Associated(allianceId, idempotencyKey));
        return stored;
    }

    /// <summary>The body as first sent; throws <see cref="CryptographicException"/> if it was sealed for another key.</summary>
    public static byte[] Open(byte[] stored, string? bearerToken, Guid allianceId, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length == 0)
        {
            return stored;
        }

        switch (stored[0])
        {
            case PlainFormat:
                return stored[1..];
            case SealedFormat:
                if (bearerToken is null || stored.Length < 1 + NonceLength + TagLength)
                {
                    throw new CryptographicException("The stored response is sealed and this request cannot open it.");
                }

                var body = new byte[stored.Length - 1 - NonceLength - TagLength];
                using (var aes = new AesGcm(KeyFor(bearerToken, allianceId, idempotencyKey), TagLength))
                {
                    aes.Decrypt(stored.AsSpan(1, NonceLength), stored.AsSpan(1 + NonceLength + TagLength), stored.AsSpan(1 + NonceLength, TagLength), body,
                        Associated(allianceId, idempotencyKey));
                }

                return body;
            default:
                return stored;
        }
    }

    private static byte[] KeyFor(string bearerToken, Guid allianceId, string idempotencyKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(bearerToken), 32, allianceId.ToByteArray(), Associated(allianceId, idempotencyKey));

    private static byte[] Associated(Guid allianceId, string idempotencyKey) =>
        [.. Purpose, .. allianceId.ToByteArray(), .. Encoding.UTF8.GetBytes(idempotencyKey)];
}
