using Alliances.Tenancy.Hosts;

namespace Alliances.Tenancy.Tests.Hosts;

public sealed class SubdomainRulesShould
{
    private static readonly string Max = new('a', SubdomainRules.MaxLabelLength);

    [Theory]
    [InlineData("", SubdomainRuleCodes.Empty)]
    [InlineData("sea_ttle", SubdomainRuleCodes.InvalidCharacters)]
    [InlineData("_dmarc", SubdomainRuleCodes.InvalidCharacters)]
    [InlineData("sea.ttle", SubdomainRuleCodes.InvalidCharacters)]
    [InlineData("sea ttle", SubdomainRuleCodes.InvalidCharacters)]
    [InlineData("bücher", SubdomainRuleCodes.InvalidCharacters)]
    [InlineData("-seattle", SubdomainRuleCodes.LeadingHyphen)]
    [InlineData("seattle-", SubdomainRuleCodes.TrailingHyphen)]
    [InlineData("ab--c", SubdomainRuleCodes.DoubleHyphenAt3And4)]
    [InlineData("xn--bcher-kva", SubdomainRuleCodes.DoubleHyphenAt3And4)]
    [InlineData("XN--BCHER-KVA", SubdomainRuleCodes.DoubleHyphenAt3And4)]
    [InlineData("ab--", SubdomainRuleCodes.TrailingHyphen)]
    public void ReportTheViolatedRule(string label, string expectedRule)
    {
        var verdict = SubdomainRules.Check(label);

        Assert.Equal(SubdomainVerdictKind.Invalid, verdict.Kind);
        Assert.True(verdict.IsInvalid);
        Assert.Equal(expectedRule, verdict.Rule);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Message));
    }

    [Theory]
    [InlineData("-", SubdomainRuleCodes.LeadingHyphen)]
    [InlineData("-a_", SubdomainRuleCodes.InvalidCharacters)]
    [InlineData("-b--", SubdomainRuleCodes.LeadingHyphen)]
    public void ReportTheFirstRuleInDocumentedOrder_WhenSeveralAreBroken(string label, string expectedRule) =>
        Assert.Equal(expectedRule, SubdomainRules.Check(label).Rule);

    [Fact]
    public void ReportTooLongBeforeInvalidCharacters() =>
        Assert.Equal(SubdomainRuleCodes.TooLong, SubdomainRules.Check(Max + "_").Rule);

    [Fact]
    public void KeepRuleCodesStable() =>
        Assert.Equal(
            ["empty", "too-long", "invalid-characters", "leading-hyphen", "trailing-hyphen", "double-hyphen-at-3-4"],
            [
                SubdomainRuleCodes.Empty,
                SubdomainRuleCodes.TooLong,
                SubdomainRuleCodes.InvalidCharacters,
                SubdomainRuleCodes.LeadingHyphen,
                SubdomainRuleCodes.TrailingHyphen,
                SubdomainRuleCodes.DoubleHyphenAt3And4,
            ]);

    [Theory]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("123")]
    [InlineData("a-b")]
    [InlineData("a--b")] // hyphens in positions 2 and 3 only: RFC 5891 forbids 3 AND 4
    [InlineData("abc--d")] // positions 4 and 5
    [InlineData("ab-c-d")] // position 3 only
    [InlineData("seattle")]
    [InlineData("seattle-rain-2025")]
    public void AcceptWellFormedLabels(string label)
    {
        var verdict = SubdomainRules.Check(label);

        Assert.Equal(SubdomainVerdictKind.Valid, verdict.Kind);
        Assert.Null(verdict.Rule);
        Assert.Null(verdict.Message);
    }

    [Fact]
    public void AcceptA63CharacterLabel() => Assert.Equal(SubdomainVerdictKind.Valid, SubdomainRules.Check(Max).Kind);

    [Fact]
    public void RejectA64CharacterLabel() => Assert.Equal(SubdomainRuleCodes.TooLong, SubdomainRules.Check(Max + "a").Rule);

    [Theory]
    [InlineData("Seattle")]
    [InlineData("SEATTLE")]
    [InlineData("A-B")]
    public void FoldAsciiUpperCaseBeforeChecking(string label) =>
        Assert.Equal(SubdomainVerdictKind.Valid, SubdomainRules.Check(label).Kind);

    [Theory]
    [InlineData("www")]
    [InlineData("api")]
    [InlineData("admin")]
    [InlineData("app")]
    [InlineData("mail")]
    [InlineData("smtp")]
    [InlineData("imap")]
    [InlineData("pop")]
    [InlineData("ftp")]
    [InlineData("ns")]
    [InlineData("ns1")]
    [InlineData("ns2")]
    [InlineData("mx")]
    [InlineData("dns")]
    [InlineData("status")]
    [InlineData("docs")]
    [InlineData("blog")]
    [InlineData("cdn")]
    [InlineData("static")]
    [InlineData("assets")]
    [InlineData("help")]
    [InlineData("support")]
    [InlineData("platform")]
    [InlineData("localhost")]
    [InlineData("test")]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("webmail")]
    [InlineData("autodiscover")]
    [InlineData("autoconfig")]
    [InlineData("root")]
    [InlineData("system")]
    [InlineData("alliances")]
    [InlineData("billing")]
    [InlineData("auth")]
    [InlineData("login")]
    [InlineData("sso")]
    [InlineData("dashboard")]
    [InlineData("metrics")]
    [InlineData("health")]
    [InlineData("internal")]
    public void ReserveInfrastructureNames(string name)
    {
        Assert.Contains(name, SubdomainRules.ReservedNames);
        Assert.Equal(SubdomainVerdictKind.Reserved, SubdomainRules.Check(name).Kind);
    }

    [Theory]
    [InlineData("WWW")]
    [InlineData("Api")]
    public void ReserveNamesRegardlessOfCase(string name) =>
        Assert.Equal(SubdomainVerdictKind.Reserved, SubdomainRules.Check(name).Kind);

    [Fact]
    public void ListOnlyLowerCaseWellFormedReservedNames()
    {
        // A reserved name that broke a syntax rule would be dead weight: Check reports the rule before the list.
        Assert.All(SubdomainRules.ReservedNames, name =>
        {
            Assert.Equal(name.ToLowerInvariant(), name);
            Assert.Equal(SubdomainVerdictKind.Reserved, SubdomainRules.Check(name).Kind);
        });
        Assert.DoesNotContain("_dmarc", SubdomainRules.ReservedNames);
    }

    [Fact]
    public void GiveReservedVerdictsAMessageButNoRule()
    {
        var verdict = SubdomainRules.Check("www");

        Assert.False(verdict.IsInvalid);
        Assert.Null(verdict.Rule);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Message));
    }

    [Fact]
    public void TreatNullAsEmpty_InsteadOfThrowing() =>
        Assert.Equal(SubdomainRuleCodes.Empty, SubdomainRules.Check((string)null!).Rule);

    [Fact]
    public void CheckSpansLikeStrings() =>
        Assert.Same(SubdomainRules.Check("seattle"), SubdomainRules.Check("x.seattle.y".AsSpan(2, 7)));
}
