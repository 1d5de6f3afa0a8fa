using Alliances.Tenancy.Hosts;

namespace Alliances.Tenancy.Tests.Hosts;

public sealed class HostNormalizerShould
{
    [Theory]
    [InlineData("seattle.alliances.test", "seattle.alliances.test")]
    [InlineData("SEATTLE.Alliances.TEST", "seattle.alliances.test")]
    [InlineData("seattle.alliances.test:5080", "seattle.alliances.test")]
    [InlineData("seattle.alliances.test:0", "seattle.alliances.test")]
    [InlineData("seattle.alliances.test:65535", "seattle.alliances.test")]
    [InlineData("seattle.alliances.test.", "seattle.alliances.test")]
    [InlineData("seattle.alliances.test.:443", "seattle.alliances.test")]
    [InlineData("localhost", "localhost")]
    [InlineData("127.0.0.1:5080", "127.0.0.1")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("[::1]:5080", "[::1]")]
    [InlineData("[FE80::1]:443", "[fe80::1]")]
    [InlineData("bücher.alliances.test", "xn--bcher-kva.alliances.test")]
    [InlineData("BÜCHER.alliances.test", "xn--bcher-kva.alliances.test")]
    [InlineData("bücher.alliances.test.:5080", "xn--bcher-kva.alliances.test")]
    [InlineData("seattle\u3002alliances.test", "seattle.alliances.test")] // IDNA maps the ideographic full stop to '.'
    [InlineData("sea_ttle.alliances.test", "sea_ttle.alliances.test")] // legal DNS; the classifier rejects the label
    [InlineData("a..b", "a..b")] // empty labels are the classifier's business, it can name the reason
    public void Normalize(string raw, string expected)
    {
        Assert.True(HostNormalizer.TryNormalize(raw, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(":5080")]
    [InlineData(".:5080")]
    [InlineData("seattle.alliances.test..")]
    [InlineData("seattle.alliances.test:")]
    [InlineData("seattle.alliances.test:abc")]
    [InlineData("seattle.alliances.test:65536")]
    [InlineData("seattle.alliances.test:123456")]
    [InlineData("seattle.alliances.test:-1")]
    [InlineData("seattle.alliances.test:+80")]
    [InlineData("seattle.alliances.test:80:80")]
    [InlineData("seattle.alliances.test: 80")]
    [InlineData("::1")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[::1]:")]
    [InlineData("[]")]
    [InlineData("[127.0.0.1]")]
    [InlineData("[alliances.test]")]
    [InlineData(" seattle.alliances.test")]
    [InlineData("seattle.alliances.test ")]
    [InlineData("sea ttle.alliances.test")]
    [InlineData("sea\tttle.alliances.test")]
    [InlineData("seattle.alliances.test\r\nX-Injected: 1")]
    [InlineData("seattle.alliances.test\0")]
    [InlineData("user@seattle.alliances.test")]
    [InlineData("seattle.alliances.test/path")]
    [InlineData("seattle%2ealliances.test")]
    [InlineData("*.alliances.test")]
    [InlineData("seattle.alliances.test\u00a0")] // no-break space
    [InlineData("sea\u200bttle.alliances.test")] // zero-width space
    [InlineData("b\u00fc..alliances.test")] // IdnMapping refuses empty labels
    public void Refuse(string raw)
    {
        Assert.False(HostNormalizer.TryNormalize(raw, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void RefuseALoneSurrogate()
    {
        // Built at run time: a lone surrogate in [InlineData] is replaced with U+FFFD when xunit serialises the case.
        var raw = "sea" + (char)0xD800 + "ttle.alliances.test";

        Assert.False(HostNormalizer.TryNormalize(raw, out _));
    }

    [Fact]
    public void AcceptAHostOfExactlyTheMaximumLength()
    {
        var host = HostOfLength(HostNormalizer.MaxHostLength);

        Assert.True(HostNormalizer.TryNormalize(host + ".:5080", out var normalized));
        Assert.Equal(host, normalized);
    }

    [Fact]
    public void RefuseAHostLongerThanTheMaximumLength() =>
        Assert.False(HostNormalizer.TryNormalize(HostOfLength(HostNormalizer.MaxHostLength + 1), out _));

    [Fact]
    public void RefuseAUnicodeHostWhosePunycodeIsTooLong()
    {
        // 250 characters of Unicode, but the punycode spelling needs far more than 253.
        var host = string.Join('.', Enumerable.Repeat("üüüüüüüüü", 25));

        Assert.False(HostNormalizer.TryNormalize(host, out _));
    }

    [Fact]
    public void WriteIntoACallerBuffer()
    {
        Span<char> buffer = stackalloc char[HostNormalizer.MaxHostLength];

        Assert.True(HostNormalizer.TryNormalize("Seattle.Alliances.Test:5080", buffer, out var written));
        Assert.Equal("seattle.alliances.test", buffer[..written].ToString());
    }

    [Fact]
    public void ReturnFalse_WhenTheCallerBufferIsTooSmall()
    {
        Span<char> buffer = stackalloc char[4];

        Assert.False(HostNormalizer.TryNormalize("seattle.alliances.test", buffer, out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void NeverThrow_ForRandomInput()
    {
        var random = new Random(20250101);
        Span<char> buffer = stackalloc char[HostNormalizer.MaxHostLength];

        for (var i = 0; i < 2_000; i++)
        {
            var raw = RandomHosts.Next(random);

            var exception = Record.Exception(() => HostNormalizer.TryNormalize(raw, out _));
            Assert.Null(exception);

            // Whatever comes out must itself be stable: normalising a normalised host changes nothing.
            if (HostNormalizer.TryNormalize(raw, out var normalized))
            {
                Assert.True(HostNormalizer.TryNormalize(normalized, buffer, out var written), raw);
                Assert.Equal(normalized, buffer[..written].ToString());
            }
        }
    }

    // "aaaaaaaaa.aaaaaaaaa.…" of exactly the requested length, never ending in a dot.
    private static string HostOfLength(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = i % 10 == 9 && i != length - 1 ? '.' : 'a';
        }

        return new string(chars);
    }
}
