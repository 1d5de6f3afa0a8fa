using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alliances.Api.Data.Configurations;

/// <summary>
/// Maps a list of small records to a jsonb column through System.Text.Json. The stored shape has its own options
/// (camelCase, snake_case enums), fixed here rather than borrowed from the API's, so a change to the API's JSON rules
/// can never make rows already written unreadable.
/// </summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static PropertyBuilder<List<T>> IsJsonList<T>(this PropertyBuilder<List<T>> property) =>
        property
            .HasColumnType("jsonb")
            .HasConversion(
                list => JsonSerializer.Serialize(list, Options),
                text => JsonSerializer.Deserialize<List<T>>(text, Options) ?? new List<T>(),
                new ValueComparer<List<T>>(
                    (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                    list => list.ToList()));
}
