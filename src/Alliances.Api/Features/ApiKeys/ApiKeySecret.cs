using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Alliances.Api.Features.ApiKeys;

/// <summary>
/// Creates and recognises key texts: <c>alk_</c> plus 32 random bytes in base62. Base62 keeps keys copy-paste safe
/// (no <c>+/=</c>) and double-click selectable. Only <see cref="Hash"/> of a key is ever stored.
/// </summary>
public static class ApiKeySecret
{
    public const string KeyPrefix = "alk_";
    private const int RandomBytes = 32;
    private const int DisplayPrefixLength = 8;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // 32 bytes need at most 43 base62 digits; fixed-width padding makes every key the same length.
    private const int EncodedLength = 43;

    /// <summary>The full length of a key text, prefix included.</summary>
    public const int KeyLength = 4 + EncodedLength;

    /// <summary>
    /// A new key: the text to show once, its hash to store, and a short prefix to display. Every stored key comes from
    /// here, never from a caller's text, which is what lets <c>RefusedKeys</c> treat a refused text as refused for good.
    /// </summary>
    public static (string Text, byte[] Hash, string DisplayPrefix) Generate()
    {
        var bytes = RandomNumberGenerator.GetBytes(RandomBytes);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new char[EncodedLength];
        for (var i = EncodedLength - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var remainder);
            digits[i] = Alphabet[(int)remainder];
        }

        var text = KeyPrefix + new string(digits);
        return (text, Hash(text), text[..DisplayPrefixLength]);
    }

    /// <summary>True when <paramref name="text"/> has the shape of a key; checked before hashing so junk never reaches the database.</summary>
    public static bool LooksLikeKey(ReadOnlySpan<char> text)
    {
        if (text.Length != KeyLength || !text.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text[KeyPrefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Hash(string text) => SHA256.HashData(Encoding.ASCII.GetBytes(text));
}
