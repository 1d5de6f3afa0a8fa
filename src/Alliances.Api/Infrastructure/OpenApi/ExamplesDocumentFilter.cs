using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// An example on every JSON request body and every JSON success response, built from the schema itself (so it cannot
/// drift from it) with realistic values per property name. A merge patch's example changes one or two fields. Two
/// bodies whose members depend on each other (a meeting, a series) are written by hand.
/// </summary>
public sealed class ExamplesDocumentFilter : IDocumentFilter
{
    private const int MaxDepth = 24;

    private static readonly Dictionary<string, string> HandWritten = new(StringComparer.Ordinal)
    {
        ["MeetingWrite"] = """
            {"title": "December alliance meetup", "description": "Year in review and next year's priorities.",
             "startsAt": "2026-12-10T02:00:00Z", "endsAt": "2026-12-10T04:00:00Z", "timeZone": "America/Los_Angeles",
             "location": "Office Nomads, 1617 Boylston Ave", "capacity": 40}
            """,
        ["MeetingSeriesWrite"] = """
            {"title": "Monthly alliance meetup", "rrule": "FREQ=MONTHLY;BYDAY=2WE", "startDate": "2027-01-13",
             "startTime": "18:00", "durationMinutes": 120, "timeZone": "America/Los_Angeles",
             "location": "Office Nomads, 1617 Boylston Ave", "capacity": 40}
            """,
    };

    private static readonly Dictionary<string, JsonNode> ByName = new(StringComparer.Ordinal)
    {
        ["name"] = "Office Nomads",
        ["title"] = "Shared makerspace insurance",
        ["slug"] = "office-nomads",
        ["subdomain"] = "portland",
        ["region"] = "Portland, OR",
        ["timeZone"] = "America/Los_Angeles",
        ["email"] = "pat@example.org",
        ["website"] = "https://officenomads.com",
        ["logoUrl"] = "https://officenomads.com/logo.png",
        ["url"] = "https://hooks.example.org/alliances",
        ["onlineUrl"] = "https://meet.example.org/alliance",
        ["phone"] = "+1 206-323-6500",
        ["street"] = "1617 Boylston Ave",
        ["city"] = "Seattle",
        ["postalCode"] = "98122",
        ["countryCode"] = "US",
        ["neighborhood"] = "Capitol Hill",
        ["amount"] = "150.00",
        ["currency"] = "USD",
        ["opens"] = "09:00",
        ["closes"] = "17:00",
        ["startTime"] = "18:00",
        ["amenities"] = new JsonArray("wifi", "bike_storage"),
        ["eventTypes"] = new JsonArray("space.created", "space.updated"),
        ["rrule"] = "FREQ=MONTHLY;BYDAY=2WE",
        ["lat"] = 47.6145,
        ["lon"] = -122.3265,
        ["capacity"] = 40,
        ["durationMinutes"] = 120,
        ["minutes"] = 30,
        ["rank"] = 1,
        ["from"] = 1,
        ["to"] = 2,
        ["description"] = "A bright coworking space on Capitol Hill.",
        ["reason"] = "Agreed at the November meetup.",
        ["markdown"] = "## Decisions\n- Share one insurance broker.",
        ["text"] = "Share one insurance broker.",
        ["progressNotes"] = "Two brokers contacted.",
        ["facilitator"] = "Pat Organizer",
        ["location"] = "Office Nomads, 1617 Boylston Ave",
        ["key"] = "alk_3kTMd9XwQ2rPZ8vL1nYb7cF0hJ5sA4eG6uR9tWqE",
        ["keyPrefix"] = "alk_3kTM",
        ["secret"] = "whsec_8Hq2nV5xLp0sK3rT7wZb1cM4dF6gJ9yA",
        ["organizerKey"] = "alk_3kTMd9XwQ2rPZ8vL1nYb7cF0hJ5sA4eG6uR9tWqE",
        ["nextCursor"] = null!,
        ["spaceApiUrl"] = "https://seattle.alliances.dev/v1/spaces/01938f4e-8a3c-7b2d-9e1f-4a5b6c7d8e9f/spaceapi.json",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        var schemas = swaggerDoc.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var operation in (swaggerDoc.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            var bodies = (operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
                .Concat((operation.Responses ?? new OpenApiResponses()).Where(r => r.Key.StartsWith('2')).SelectMany(r => r.Value.Content ?? new Dictionary<string, OpenApiMediaType>()));
            foreach (var (mediaType, media) in bodies)
            {
                if (media.Example is null && media.Schema is not null && mediaType.EndsWith("json", StringComparison.Ordinal))
                {
                    media.Example = Example(media.Schema, null, schemas, 0);
                }
            }
        }
    }

    private static JsonNode? Example(IOpenApiSchema schema, string? property, IDictionary<string, IOpenApiSchema> schemas, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id!;
            if (HandWritten.TryGetValue(id, out var json))
            {
                return JsonNode.Parse(json);
            }

            if (!schemas.TryGetValue(id, out var target))
            {
                return null;
            }

            var example = Example(target, property, schemas, depth + 1);
            // A merge patch changes a field or two; the full body is the create's example.
            if (id.EndsWith("Patch", StringComparison.Ordinal) && example is JsonObject all && all.Count > 2)
            {
                var some = new JsonObject();
                foreach (var (name, value) in all.Take(2))
                {
                    some[name] = value?.DeepClone();
                }

                return some;
            }

            return example;
        }

        if (schema.AllOf is [var only])
        {
            return Example(only, property, schemas, depth + 1);
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        if (property is not null && ByName.TryGetValue(property, out var named) && Fits(schema, named))
        {
            return named?.DeepClone();
        }

        var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        if (schema.Properties is { Count: > 0 } properties)
        {
            var example = new JsonObject();
            foreach (var (name, value) in properties)
            {
                example[name] = Example(value, name, schemas, depth + 1);
            }

            return example;
        }

        if (type.HasFlag(JsonSchemaType.Object))
        {
            // A map (the SpaceAPI directory: space name → document URL) gets one entry.
            return schema.AdditionalProperties is { } entries && Example(entries, "spaceApiUrl", schemas, depth + 1) is { } value
                ? new JsonObject { ["Office Nomads"] = value }
                : new JsonObject();
        }

        if (type.HasFlag(JsonSchemaType.Array))
        {
            var item = schema.Items is null ? null : Example(schema.Items, Singular(property), schemas, depth + 1);
            return item is null ? new JsonArray() : new JsonArray(item);
        }

        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            var minimum = decimal.TryParse(schema.Minimum, NumberStyles.Float, CultureInfo.InvariantCulture, out var low) ? low : 1;
            return type.HasFlag(JsonSchemaType.Integer) ? JsonValue.Create((long)Math.Max(minimum, 1)) : JsonValue.Create(Math.Max(minimum, 1));
        }

        if (type.HasFlag(JsonSchemaType.Boolean))
        {
            return true;
        }

        if (type.HasFlag(JsonSchemaType.String))
        {
            return schema.Format switch
            {
                "uuid" => "01938f4e-8a3c-7b2d-9e1f-4a5b6c7d8e9f",
                "date-time" => "2026-12-01T17:30:00Z",
                "date" => "2026-12-01",
                "time" => "18:00:00",
                "email" => "pat@example.org",
                "uri" => "https://seattle.alliances.dev/v1/spaces",
                _ => Truncate("Example", schema.MaxLength),
            };
        }

        return null;
    }

    /// <summary>A named value is used only where the schema takes that kind of value (a string pattern is checked).</summary>
    private static bool Fits(IOpenApiSchema schema, JsonNode? value)
    {
        var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        return value switch
        {
            null => schema.Type?.HasFlag(JsonSchemaType.Null) == true,
            JsonArray => type.HasFlag(JsonSchemaType.Array),
            JsonValue text when text.TryGetValue<string>(out var s) => type.HasFlag(JsonSchemaType.String) && schema.Format is null &&
                (schema.MaxLength is not { } max || s.Length <= max) &&
                (schema.Pattern is null || System.Text.RegularExpressions.Regex.IsMatch(s, schema.Pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))),
            JsonValue number when number.TryGetValue<double>(out _) => type.HasFlag(JsonSchemaType.Number),
            JsonValue => type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number),
            _ => false,
        };
    }

    private static string? Singular(string? plural) => plural is { Length: > 1 } p && p.EndsWith('s') ? p[..^1] : plural;

    private static string Truncate(string text, int? max) => max is { } limit && text.Length > limit ? text[..limit] : text;
}
