using Alliances.Api.Features.Meetings;

namespace Alliances.Api.Tests.Meetings;

/// <summary>The RRULE subset is read and refused part by part, with no database.</summary>
public sealed class SeriesRuleShould
{
    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;COUNT=12")]
    [InlineData("RRULE:freq=monthly;byday=-1fr;until=20271231")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;UNTIL=20270301T000000Z")]
    [InlineData("FREQ=WEEKLY;COUNT=1")]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=6")]
    public void AcceptTheSupportedSubset(string rule)
    {
        Assert.True(SeriesRule.TryRead(rule, out var parts, out var error), error);
        Assert.Equal(parts["FREQ"], parts["FREQ"].ToUpperInvariant());
    }

    [Theory]
    [InlineData("FREQ=DAILY;COUNT=3", "FREQ=DAILY")]
    [InlineData("FREQ=YEARLY;COUNT=3", "FREQ=YEARLY")]
    [InlineData("FREQ=WEEKLY;BYHOUR=18;COUNT=3", "BYHOUR")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=13;COUNT=3", "BYMONTHDAY")]
    [InlineData("FREQ=MONTHLY;BYSETPOS=2;BYDAY=TU;COUNT=3", "BYSETPOS")]
    [InlineData("FREQ=WEEKLY;WKST=SU;COUNT=3", "WKST")]
    [InlineData("FREQ=WEEKLY;BYDAY=2TU;COUNT=3", "2TU")]
    [InlineData("FREQ=MONTHLY;BYDAY=6TU;COUNT=3", "6TU")]
    [InlineData("FREQ=MONTHLY;BYDAY=0TU;COUNT=3", "0TU")]
    [InlineData("FREQ=MONTHLY;BYDAY=TX;COUNT=3", "TX")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU,TU;COUNT=3", "TU appears more than once")]
    [InlineData("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "COUNT and UNTIL")]
    [InlineData("FREQ=WEEKLY", "COUNT")]
    [InlineData("FREQ=WEEKLY;COUNT=0", "COUNT=0")]
    [InlineData("FREQ=WEEKLY;COUNT=101", "COUNT=101")]
    [InlineData("FREQ=WEEKLY;INTERVAL=0;COUNT=3", "INTERVAL=0")]
    [InlineData("FREQ=WEEKLY;UNTIL=2027-01-01", "UNTIL=2027-01-01")]
    [InlineData("FREQ=WEEKLY;UNTIL=20271301", "UNTIL=20271301")]
    [InlineData("FREQ=WEEKLY;FREQ=MONTHLY;COUNT=3", "FREQ appears more than once")]
    [InlineData("COUNT=3", "FREQ is required")]
    [InlineData("FREQ=WEEKLY;;COUNT=3", "NAME=VALUE")]
    [InlineData("", "rrule is required")]
    public void RefuseEverythingElse_NamingThePart(string rule, string named)
    {
        Assert.False(SeriesRule.TryRead(rule, out _, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}
