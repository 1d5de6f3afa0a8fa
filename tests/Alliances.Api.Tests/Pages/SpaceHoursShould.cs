using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;

namespace Alliances.Api.Tests.Pages;

/// <summary>"Open now" is read on the space's own wall clock, not the server's or UTC.</summary>
public sealed class SpaceHoursShould
{
    private static readonly OpeningHours[] MondayNineToFive = [new(DayOfWeek.Monday, "09:00", "17:00")];

    [Theory]
    [InlineData("2026-01-05T17:30:00Z", true)]   // Monday 09:30 in Los Angeles (UTC-8)
    [InlineData("2026-01-05T16:59:00Z", false)]  // Monday 08:59 there
    [InlineData("2026-01-06T00:59:00Z", true)]   // Monday 16:59 there, already Tuesday in UTC
    [InlineData("2026-01-06T01:00:00Z", false)]  // Monday 17:00 there: closing time is not open
    [InlineData("2026-01-05T12:00:00Z", false)]  // Monday 12:00 UTC is 04:00 there
    public void ReadHours_InTheSpacesTimeZone(string instant, bool open) =>
        Assert.Equal(open, SpaceHours.IsOpenAt(SpaceStatus.Open, MondayNineToFive, "America/Los_Angeles", DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(SpaceStatus.Planning)]
    [InlineData(SpaceStatus.Opening)]
    [InlineData(SpaceStatus.Closed)]
    public void NeverCallASpaceOpen_ThatIsNotOpenForBusiness(SpaceStatus status) =>
        Assert.False(SpaceHours.IsOpenAt(status, MondayNineToFive, "America/Los_Angeles", DateTimeOffset.Parse("2026-01-05T17:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void KeepAPeriodThatEndsAtMidnight_OpenUntilTheEndOfTheDay()
    {
        OpeningHours[] late = [new(DayOfWeek.Saturday, "10:00", "24:00")];
        Assert.True(SpaceHours.IsOpenAt(SpaceStatus.Open, late, "Europe/Berlin", DateTimeOffset.Parse("2026-01-10T22:59:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(SpaceHours.IsOpenAt(SpaceStatus.Open, late, "Europe/Berlin", DateTimeOffset.Parse("2026-01-10T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
