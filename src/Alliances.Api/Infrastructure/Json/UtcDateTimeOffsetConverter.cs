using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alliances.Api.Infrastructure.Json;

/// <summary>
/// Writes every instant as ISO 8601 UTC with <c>Z</c> (API conventions), whatever offset it carries in memory;
/// PostgreSQL hands back <c>timestamptz</c> values as +00:00, which System.Text.Json would write as <c>+00:00</c>.
/// Reading accepts any ISO 8601 offset and normalises to UTC.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // A UTC DateTime is written as ISO 8601 with Z and trailing fractional zeros trimmed, straight into the
        // buffer; a custom format string would parse the pattern and allocate a string on every value.
        writer.WriteStringValue(value.UtcDateTime);
    }
}
