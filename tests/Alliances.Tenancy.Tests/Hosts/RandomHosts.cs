using System.Text;

namespace Alliances.Tenancy.Tests.Hosts;

/// <summary>Generates seeded random host-header-like strings for never-throws property tests.</summary>
internal static class RandomHosts
{
    // Fragments bias the generator towards inputs that reach deep branches (apex suffixes, ports, brackets, punycode).
    private static readonly string[] Fragments =
    [
        "alliances.test", ".alliances.test", "seattle", "localhost", "xn--", "www", ".", "..", ":", ":5080", "[", "]",
        "[::1]", "::", "127.0.0.1", "0x7f", "-", "_", "%2e", "@", "/", "\u3002", "\uff0e", "ü", "ß", "\u00a0", "\u200b",
        "\ud83d\ude00", "\ud800", "\udc00", "\t", "\0", " ", "\r\n",
    ];

    private static readonly string Unicode = "üßéøåæ中文日本語한국어😀ÆØÅİıſK";

    public static string Next(Random random)
    {
        var length = random.Next(0, 12);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    builder.Append(Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1:
                    builder.Append(Unicode[random.Next(Unicode.Length)]);
                    break;
                default:
                    builder.Append(RandomPrintable(random));
                    break;
            }
        }

        // Occasionally very long, to cross the 253-character limit from both sides.
        if (random.Next(20) == 0)
        {
            builder.Append('a', random.Next(200, 320));
        }

        return builder.ToString();
    }

    private static string RandomPrintable(Random random)
    {
        var count = random.Next(1, 8);
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7f);
        }

        return new string(chars);
    }
}
