using System.Globalization;
using System.Text.Json;
using Alliances.Api.Infrastructure.Json;

namespace Alliances.Api.Tests.Json;

/// <summary>Every instant the API writes is ISO 8601 in UTC with <c>Z</c>, fractional zeros trimmed (API conventions).</summary>
public sealed class UtcDateTimeOffsetConverterShould
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcDateTimeOffsetConverter() } };

    [Theory]
    [InlineData("2026-11-28T01:48:04+00:00", "2026-11-28T01:48:04Z")]
    [InlineData("2026-11-28T01:48:04.0670000+00:00", "2026-11-28T01:48:04.067Z")]
    [InlineData("2026-11-28T01:48:04.1234567+00:00", "2026-11-28T01:48:04.1234567Z")]
    [InlineData("2026-11-28T01:48:04.5000000+00:00", "2026-11-28T01:48:04.5Z")]
    [InlineData("2026-11-27T17:48:04.25-08:00", "2026-11-28T01:48:04.25Z")]
    [InlineData("2026-11-28T10:48:04+09:00", "2026-11-28T01:48:04Z")]
    [InlineData("0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00Z")]
    public void WriteUtcWithZ_AndTrimTrailingFractionalZeros(string instant, string expected)
    {
        var value = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(value, Options));
        Assert.Equal($"[\"{expected}\",null]", JsonSerializer.Serialize(new DateTimeOffset?[] { value, null }, Options));
    }

    [Theory]
    [InlineData("\"2026-11-27T17:48:04.25-08:00\"", "2026-11-28T01:48:04.25Z")]
    [InlineData("\"2026-11-28T01:48:04Z\"", "2026-11-28T01:48:04Z")]
    public void ReadAnyOffset_AsTheSameInstantInUtc(string json, string expected)
    {
        var read = JsonSerializer.Deserialize<DateTimeOffset>(json, Options);

        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(read, Options));
    }
}
