using Alliances.Tenancy.Hosts;
using Microsoft.Extensions.Configuration;

namespace Alliances.Tenancy.Tests.Hosts;

public sealed class ApexDomainShould
{
    private const string NotUnderApex = HostRejectionReasons.NotUnderApex;
    private const string TooManyLabels = HostRejectionReasons.TooManyLabels;
    private const string EmptyLabel = HostRejectionReasons.EmptyLabel;
    private const string InvalidLabel = HostRejectionReasons.InvalidLabel;
    private const string IpLiteral = HostRejectionReasons.IpLiteral;
    private const string Malformed = HostRejectionReasons.Malformed;

    private static readonly ApexDomain Apex = new("alliances.test");

    private static readonly string Label63 = new('a', 63);

    /// <summary>Raw Host header, expected kind, expected subdomain (Alliance) or reason (Rejected), expected label rule.</summary>
    public static TheoryData<string?, HostKind, string?, string?> HostileHosts => new()
    {
        // The happy path and its harmless spellings.
        { "seattle.alliances.test", HostKind.Alliance, "seattle", null },
        { "SEATTLE.Alliances.TEST", HostKind.Alliance, "seattle", null },
        { "seattle.alliances.test:5080", HostKind.Alliance, "seattle", null },
        { "seattle.alliances.test.", HostKind.Alliance, "seattle", null },
        { "Seattle.Alliances.Test.:443", HostKind.Alliance, "seattle", null },
        { "seattle\u3002alliances.test", HostKind.Alliance, "seattle", null },
        { "123.alliances.test", HostKind.Alliance, "123", null },
        { "a--b.alliances.test", HostKind.Alliance, "a--b", null },
        { Label63 + ".alliances.test", HostKind.Alliance, Label63, null },

        // Reserved names are alliance-shaped; the catalog 404s them.
        { "www.alliances.test", HostKind.Alliance, "www", null },
        { "API.alliances.test:5080", HostKind.Alliance, "api", null },

        // The apex itself.
        { "alliances.test", HostKind.Platform, null, null },
        { "alliances.test:5080", HostKind.Platform, null, null },
        { "alliances.test.", HostKind.Platform, null, null },
        { "ALLIANCES.TEST", HostKind.Platform, null, null },

        // Labels that break a rule.
        { "xn--bcher-kva.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.DoubleHyphenAt3And4 },
        { "bücher.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.DoubleHyphenAt3And4 },
        { "BÜCHER.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.DoubleHyphenAt3And4 },
        { "ab--c.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.DoubleHyphenAt3And4 },
        { Label63 + "a.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.TooLong },
        { "-seattle.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.LeadingHyphen },
        { "seattle-.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.TrailingHyphen },
        { "-.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.LeadingHyphen },
        { "sea_ttle.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.InvalidCharacters },
        { "_dmarc.alliances.test", HostKind.Rejected, InvalidLabel, SubdomainRuleCodes.InvalidCharacters },

        // Shape problems left of the apex.
        { "a.b.alliances.test", HostKind.Rejected, TooManyLabels, null },
        { "www.seattle.alliances.test:5080", HostKind.Rejected, TooManyLabels, null },
        { ".alliances.test", HostKind.Rejected, EmptyLabel, null },
        { "a..alliances.test", HostKind.Rejected, EmptyLabel, null },
        { "..alliances.test", HostKind.Rejected, EmptyLabel, null },
        { "a..b.alliances.test", HostKind.Rejected, EmptyLabel, null },

        // Addresses instead of names.
        { "127.0.0.1", HostKind.Rejected, IpLiteral, null },
        { "127.0.0.1:5080", HostKind.Rejected, IpLiteral, null },
        { "127.1", HostKind.Rejected, IpLiteral, null },
        { "0x7f.0.0.1", HostKind.Rejected, IpLiteral, null },
        { "[::1]", HostKind.Rejected, IpLiteral, null },
        { "[::1]:5080", HostKind.Rejected, IpLiteral, null },
        { "[2001:DB8::1]:443", HostKind.Rejected, IpLiteral, null },

        // Other domains, including ones that merely end with the apex's characters.
        { "evilalliances.test", HostKind.Rejected, NotUnderApex, null },
        { "seattle.evilalliances.test", HostKind.Rejected, NotUnderApex, null },
        { "alliances.test.evil.com", HostKind.Rejected, NotUnderApex, null },
        { "seattle.alliances.test.evil.com:5080", HostKind.Rejected, NotUnderApex, null },
        { "alliances.testing", HostKind.Rejected, NotUnderApex, null },
        { "test", HostKind.Rejected, NotUnderApex, null },
        { "localhost:5080", HostKind.Rejected, NotUnderApex, null },
        { "seattle.alliancës.test", HostKind.Rejected, NotUnderApex, null },

        // Garbage.
        { null, HostKind.Rejected, Malformed, null },
        { "", HostKind.Rejected, Malformed, null },
        { "   ", HostKind.Rejected, Malformed, null },
        { ":5080", HostKind.Rejected, Malformed, null },
        { ".", HostKind.Rejected, Malformed, null },
        { "..", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test..", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test:", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test:abc", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test:99999", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test:5080:5080", HostKind.Rejected, Malformed, null },
        { "sea ttle.alliances.test", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test\t", HostKind.Rejected, Malformed, null },
        { "\tseattle.alliances.test", HostKind.Rejected, Malformed, null },
        { "sea\tttle.alliances.test", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test\r\nX-Injected: 1", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test\0", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test\u00a0", HostKind.Rejected, Malformed, null },
        { "user@seattle.alliances.test", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test/admin", HostKind.Rejected, Malformed, null },
        { "seattle%2ealliances.test", HostKind.Rejected, Malformed, null },
        { "seattle.alliances.test%2e", HostKind.Rejected, Malformed, null },
        { "*.alliances.test", HostKind.Rejected, Malformed, null },
        { "::1", HostKind.Rejected, Malformed, null },
        { "[::1", HostKind.Rejected, Malformed, null },
        { "[127.0.0.1]", HostKind.Rejected, Malformed, null },
        { "[seattle.alliances.test]", HostKind.Rejected, Malformed, null },
        { new string('a', 300), HostKind.Rejected, Malformed, null },
        { string.Concat(Enumerable.Repeat("a.", 143)) + "alliances.test", HostKind.Rejected, Malformed, null },
    };

    public static TheoryData<string?, HostKind, string?, string?> LocalhostHosts => new()
    {
        { "seattle.localhost:5080", HostKind.Alliance, "seattle", null },
        { "seattle.localhost", HostKind.Alliance, "seattle", null },
        { "SEATTLE.LOCALHOST.:5080", HostKind.Alliance, "seattle", null },
        { "localhost:5080", HostKind.Platform, null, null },
        { "localhost", HostKind.Platform, null, null },
        { "LocalHost.", HostKind.Platform, null, null },
        { "a.b.localhost:5080", HostKind.Rejected, TooManyLabels, null },
        { ".localhost", HostKind.Rejected, EmptyLabel, null },
        { "evillocalhost:5080", HostKind.Rejected, NotUnderApex, null },
        { "localhost.evil.com", HostKind.Rejected, NotUnderApex, null },
        { "127.0.0.1:5080", HostKind.Rejected, IpLiteral, null },
        { "[::1]:5080", HostKind.Rejected, IpLiteral, null },
        { "localhost:", HostKind.Rejected, Malformed, null },
    };

    [Theory]
    [MemberData(nameof(HostileHosts))]
    public void ClassifyHostileAndOddHosts(string? raw, HostKind kind, string? subdomainOrReason, string? labelRule) =>
        AssertClassifies(Apex, raw, kind, subdomainOrReason, labelRule);

    [Theory]
    [MemberData(nameof(LocalhostHosts))]
    public void ClassifyDevelopmentHosts_UnderTheLocalhostApex(string? raw, HostKind kind, string? subdomainOrReason, string? labelRule) =>
        AssertClassifies(new ApexDomain(ApexDomain.DefaultApex), raw, kind, subdomainOrReason, labelRule);

    [Theory]
    [InlineData("seattle.bücher.test", HostKind.Alliance, "seattle")]
    [InlineData("seattle.BÜCHER.test:5080", HostKind.Alliance, "seattle")]
    [InlineData("seattle.xn--bcher-kva.test", HostKind.Alliance, "seattle")]
    [InlineData("bücher.test", HostKind.Platform, null)]
    [InlineData("Bücher.Test.", HostKind.Platform, null)]
    [InlineData("xn--bcher-kva.test", HostKind.Platform, null)]
    [InlineData("seattle.bucher.test", HostKind.Rejected, NotUnderApex)]
    [InlineData("a.b.bücher.test", HostKind.Rejected, TooManyLabels)]
    public void MatchAUnicodeSpelledHost_AgainstAPunycodeApex(string raw, HostKind kind, string? subdomainOrReason) =>
        AssertClassifies(new ApexDomain("xn--bcher-kva.test"), raw, kind, subdomainOrReason, labelRule: null);

    [Theory]
    [InlineData("alliances.test", "alliances.test")]
    [InlineData("Alliances.TEST.", "alliances.test")]
    [InlineData("bücher.test", "xn--bcher-kva.test")]
    [InlineData("localhost", "localhost")]
    public void NormalizeTheConfiguredApex(string configured, string expected) =>
        Assert.Equal(expected, new ApexDomain(configured).Name);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("alliances.test:5080")]
    [InlineData("https://alliances.test")]
    [InlineData("[::1]")]
    [InlineData("127.0.0.1")]
    [InlineData("a..test")]
    [InlineData(".alliances.test")]
    [InlineData("-alliances.test")]
    [InlineData("alliances-.test")]
    [InlineData("all_iances.test")]
    [InlineData("alliances.test..")]
    public void RefuseAnUnusableApex_AtStartup(string configured) =>
        Assert.ThrowsAny<ArgumentException>(() => new ApexDomain(configured));

    [Fact]
    public void RefuseANullApex() => Assert.ThrowsAny<ArgumentException>(() => new ApexDomain(null!));

    [Fact]
    public void ReadTheApexFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ApexDomain.ConfigurationKey] = "Alliances.Test" })
            .Build();

        Assert.Equal("alliances.test", ApexDomain.FromConfiguration(configuration).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void DefaultToLocalhost_WhenConfigurationIsSilent(string? value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ApexDomain.ConfigurationKey] = value })
            .Build();

        Assert.Equal("localhost", ApexDomain.FromConfiguration(configuration).Name);
    }

    [Fact]
    public void UseTheDocumentedConfigurationKey() => Assert.Equal("Alliances:ApexDomain", ApexDomain.ConfigurationKey);

    [Theory]
    [InlineData("seattle.alliances.test", HostKind.Alliance)]
    [InlineData("alliances.test", HostKind.Platform)]
    [InlineData("", HostKind.Rejected)]
    [InlineData("[::1]", HostKind.Rejected)]
    [InlineData("SEATTLE.ALLIANCES.TEST", HostKind.Rejected)] // Classify expects normalised input; ClassifyRaw is for headers
    public void ClassifyAnAlreadyNormalizedHost(string normalized, HostKind kind) =>
        Assert.Equal(kind, Apex.Classify(normalized).Kind);

    [Fact]
    public void ReturnLowerCaseSubdomains_EvenFromUnnormalizedInput() =>
        Assert.Equal("seattle", Apex.Classify("SeAttle.alliances.test").Subdomain);

    [Fact]
    public void FailClosed_ForADefaultClassification()
    {
        var classification = default(HostClassification);

        Assert.True(classification.IsRejected);
        Assert.Equal(Malformed, classification.RejectionReason);
        Assert.Null(classification.Subdomain);
    }

    [Theory]
    [InlineData("Alliances.Test.:5080", 0)]
    [InlineData("a.b.alliances.test", 0)]
    [InlineData("evilalliances.test", 0)]
    [InlineData("127.0.0.1:5080", 0)]
    [InlineData("seattle.alliances.test:5080", 1)]
    public void AllocateNothingButTheSubdomain_OnTheRequestPath(string raw, int expectedStrings)
    {
        // This runs for every request, so the budget is exact: no bytes at all, or one string holding the subdomain.
        _ = Apex.ClassifyRaw(raw); // warm up statics and the JIT outside the measurement

        var before = GC.GetAllocatedBytesForCurrentThread();
        var classification = Apex.ClassifyRaw(raw);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var budget = expectedStrings == 0 ? 0 : StringSize(classification.Subdomain!.Length);
        Assert.InRange(allocated, 0, budget);
    }

    [Fact]
    public void KeepRejectionReasonsStable() =>
        Assert.Equal(
            ["not-under-apex", "too-many-labels", "empty-label", "invalid-label", "ip-literal", "malformed"],
            [NotUnderApex, TooManyLabels, EmptyLabel, InvalidLabel, IpLiteral, Malformed]);

    [Fact]
    public void NeverThrow_ForRandomInput()
    {
        var random = new Random(5080);
        string[] knownReasons = [NotUnderApex, TooManyLabels, EmptyLabel, InvalidLabel, IpLiteral, Malformed];

        for (var i = 0; i < 2_000; i++)
        {
            var raw = RandomHosts.Next(random);
            var classification = default(HostClassification);

            var exception = Record.Exception(() => classification = Apex.ClassifyRaw(raw));

            Assert.Null(exception);
            switch (classification.Kind)
            {
                case HostKind.Alliance:
                    Assert.NotEqual(SubdomainVerdictKind.Invalid, SubdomainRules.Check(classification.Subdomain!).Kind);
                    Assert.Equal(classification.Subdomain, classification.Subdomain!.ToLowerInvariant());
                    break;
                case HostKind.Rejected:
                    Assert.Contains(classification.RejectionReason, knownReasons);
                    break;
                case HostKind.Platform:
                    break;
                default:
                    Assert.Fail($"Unexpected kind {classification.Kind} for {raw}");
                    break;
            }
        }
    }

    // Object header + method table + length + characters + terminator, rounded up to 8 bytes on 64-bit.
    private static long StringSize(int length) => ((24 + (2 * length) + 2 + 7) / 8) * 8;

    private static void AssertClassifies(ApexDomain apex, string? raw, HostKind kind, string? subdomainOrReason, string? labelRule)
    {
        var classification = default(HostClassification);

        var exception = Record.Exception(() => classification = apex.ClassifyRaw(raw));

        Assert.Null(exception);
        Assert.Equal(kind, classification.Kind);
        switch (kind)
        {
            case HostKind.Alliance:
                Assert.Equal(subdomainOrReason, classification.Subdomain);
                Assert.Null(classification.RejectionReason);
                break;
            case HostKind.Rejected:
                Assert.Equal(subdomainOrReason, classification.RejectionReason);
                Assert.Equal(labelRule, classification.InvalidLabelRule);
                Assert.Null(classification.Subdomain);
                break;
            default:
                Assert.Null(classification.Subdomain);
                Assert.Null(classification.RejectionReason);
                break;
        }
    }
}
