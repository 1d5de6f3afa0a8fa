using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// Generators of values a schema calls valid. They follow what the document says (enum, format, pattern, length and
/// range limits, required and closed objects), so a value the API refuses with a 400 is a limit the document does not
/// state. Where JSON Schema cannot say what is valid, <see cref="Domain"/> supplies the value and says why.
/// </summary>
internal static class SchemaValues
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // Visible text a person might type, with non-ASCII letters from the Basic Multilingual Plane: length limits are
    // counted alike in UTF-16 units and code points for these.
    private const string TextChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-'&()éüßøñçåÆŒ日本語кириллица";

    private static readonly string[] TimeZones = ["America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo", "UTC", "Australia/Sydney", "America/Sao_Paulo"];

    /// <summary>
    /// Properties whose valid values JSON Schema cannot describe, and what they get instead. Everything else is
    /// generated from its schema alone.
    /// </summary>
    private static readonly Dictionary<string, Gen<JsonNode?>> Domain = new(StringComparer.Ordinal)
    {
        // An IANA zone must exist in the tz database; a pattern can only say what a name looks like.
        ["timeZone"] = Gen.Int[0, TimeZones.Length - 1].Select(i => (JsonNode?)JsonValue.Create(TimeZones[i])),
        // ISO 4217 and ISO 3166-1 codes must be assigned ones; a pattern can only say three (two) capital letters.
        ["currency"] = Gen.Int[0, 3].Select(i => (JsonNode?)JsonValue.Create(new[] { "USD", "EUR", "JPY", "CAD" }[i])),
        ["countryCode"] = Gen.Int[0, 3].Select(i => (JsonNode?)JsonValue.Create(new[] { "US", "DE", "JP", "CA" }[i])),
    };

    /// <summary>
    /// Properties a generated value must not replace, because their validity depends on the server's state or on
    /// another property, which a schema cannot express: references to rows of the alliance (format uuid), a permutation
    /// of existing ids, positions within an existing agenda, an RRULE, and a meeting's times relative to now and to each
    /// other, or to today (joinedAt), and a key's role (a space_owner key needs a spaceId). They keep the value of the valid request the authorization matrix builds, or are left out when optional.
    /// </summary>
    public static bool IsStateBound(string name, Schema schema) =>
        schema.Format == "uuid" || schema.Items?.Format == "uuid" ||
        name is "ids" or "from" or "to" or "rrule" or "startsAt" or "endsAt" or "durationMinutes" or "startDate" or "startTime"
            or "localStartTime" or "expiresAt" or "subdomain" or "slug" or "eventTypes" or "joinedAt" or "role"
            // The alliance's own settings: every other operation's valid request is built on them (agenda lengths,
            // the active-priority ceiling), so a valid PATCH /v1/alliance must not move them under the other cases.
            or "meetingFormat" or "maxActivePriorities" or "structuredMinutesOrDefault" or "socialMinutesOrDefault";

    public static Gen<JsonNode?> For(Schema schema, string name = "", int depth = 0)
    {
        if (Domain.TryGetValue(name, out var domain))
        {
            return domain;
        }

        if (schema.Enum.Count > 0)
        {
            return Gen.Int[0, schema.Enum.Count - 1].Select(i => (JsonNode?)schema.Enum[i].DeepClone());
        }

        return schema.Type switch
        {
            "string" => String(schema).Select(s => (JsonNode?)JsonValue.Create(s)),
            "integer" => Integer(schema).Select(i => (JsonNode?)JsonValue.Create(i)),
            "number" => Number(schema).Select(d => (JsonNode?)JsonValue.Create(d)),
            "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            "array" when schema.Items is not null && depth < 6 => Array(schema, depth),
            "object" when depth < 6 => Object(schema, depth).Select(o => HasEveryRequired(schema, o) ? (JsonNode?)o : JsonValue.Create(NoValue)),
            _ => Gen.Const(() => (JsonNode?)null),
        };
    }

    /// <summary>
    /// A nested object is sent whole, so one whose required property could not be generated (a pattern no shape
    /// matched) is no value at all: the caller keeps the matrix's value or drops the array item, and an object the
    /// document calls invalid is never sent as a valid one.
    /// </summary>
    private static bool HasEveryRequired(Schema schema, JsonObject value) => schema.Required.All(value.ContainsKey);

    /// <summary>An object with every required property and each optional one half the time.</summary>
    public static Gen<JsonObject> Object(Schema schema, int depth = 0)
    {
        var gen = Gen.Const(System.Array.Empty<(string, JsonNode?)>());
        foreach (var (name, property) in schema.Properties)
        {
            var value = For(property, name, depth + 1);
            var required = schema.Required.Contains(name);
            gen = Gen.Select(gen, Gen.Bool, value, (list, include, v) =>
                required || include ? [.. list, (name, v)] : list);
        }

        return gen.Select(list =>
        {
            var result = new JsonObject();
            foreach (var (name, value) in list)
            {
                if (!IsNoValue(value) && (value is not null || schema.Properties[name].Nullable))
                {
                    result[name] = value;
                }
            }

            return result;
        });
    }

    private static Gen<JsonNode?> Array(Schema schema, int depth)
    {
        var min = schema.MinItems ?? 0;
        var max = Math.Max(min, Math.Min(schema.MaxItems ?? 3, min + 3));
        return For(schema.Items!, "", depth + 1).Array[min, max].Select(items =>
        {
            var array = new JsonArray();
            foreach (var item in items.Where(i => !IsNoValue(i)))
            {
                array.Add(item);
            }

            return (JsonNode?)array;
        });
    }

    public static Gen<string> String(Schema schema)
    {
        var min = schema.MinLength ?? 0;
        var max = schema.MaxLength ?? Math.Max(min, 60);
        Gen<string> gen = schema.Format switch
        {
            "uuid" => Gen.Guid.Select(g => g.ToString()),
            "date" => Gen.Int[0, 365 * 15].Select(d => new DateOnly(2020, 1, 1).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "date-time" => Gen.Int[0, 60 * 24 * 365 * 15].Select(m =>
                new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(m).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            "time" => Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], (h, m) => $"{h:00}:{m:00}"),
            "email" => Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 20].Select(s => $"{s}@example.org"),
            "uri" or "url" => Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 0, 30].Select(s => $"https://example.org/{s}"),
            _ when schema.Pattern is not null => Patterned(schema.Pattern, min, max),
            _ => Text(min, max),
        };
        return gen;
    }

    /// <summary>
    /// Text of the allowed length: it starts with a letter so that a blank string (which a schema can forbid only with a
    /// pattern) is not what gets tested, and is sometimes exactly as long as allowed.
    /// </summary>
    private static Gen<string> Text(int min, int max)
    {
        var first = Gen.Char[Letters];
        var rest = Gen.Char[TextChars];
        var length = Gen.Frequency((4, Gen.Int[Math.Max(min, 1), Math.Max(Math.Max(min, 1), Math.Min(max, 40))]), (1, Gen.Const(Math.Max(max, 1))));
        return Gen.Select(first, length, (f, n) => (f, n))
            .SelectMany(t => Gen.String[rest, t.n - 1, t.n - 1].Select(s => (t.f + s).TrimEnd() is { Length: > 0 } trimmed && trimmed.Length >= min
                ? trimmed + new string('x', Math.Max(0, t.n - trimmed.Length))
                : t.f + new string('x', t.n - 1)))
            .Select(s => s.Length > max ? s[..max] : s);
    }

    /// <summary>
    /// A string matching <paramref name="pattern"/>: one of a few common shapes (slug, code, decimal, time, phone, text)
    /// when it matches; otherwise <see cref="NoValue"/>, and the caller keeps the matrix's value.
    /// </summary>
    private static Gen<string> Patterned(string pattern, int min, int max)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return Gen.OneOf(
                Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz"], Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 0, 20], (f, s) => f + s.TrimEnd('-')),
                Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ"], 3, 3],
                Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ"], 2, 2],
                Gen.Select(Gen.Int[0, 99999], Gen.Int[0, 99], (a, b) => $"{a}.{b:00}"),
                Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], (h, m) => $"{h:00}:{m:00}"),
                Gen.Int[1000000, 9999999].Select(n => $"+1 206 {n / 10000 % 1000:000} {n % 10000:0000}"),
                Text(min, max))
            .Select(v => v.Length >= min && v.Length <= max && regex.IsMatch(v) ? v : NoValue);
    }

    /// <summary>What a generator yields when it found no value the schema allows; never sent.</summary>
    public const string NoValue = "\u0001no-value";

    public static bool IsNoValue(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text == NoValue;

    private static Gen<long> Integer(Schema schema)
    {
        var min = (long)Math.Max(Bound(schema.Minimum, schema.ExclusiveMinimum, +1, schema.Format == "int64" ? long.MinValue : int.MinValue), long.MinValue);
        var max = (long)Math.Min(Bound(schema.Maximum, schema.ExclusiveMaximum, -1, schema.Format == "int64" ? long.MaxValue : int.MaxValue), long.MaxValue);
        var small = Gen.Long[Math.Max(min, Math.Min(max, 0)), Math.Min(max, Math.Max(min, 0) + 100)];
        return Gen.Frequency((6, small), (1, Gen.Const(min)), (1, Gen.Const(max)), (2, Gen.Long[min, max]));
    }

    private static Gen<double> Number(Schema schema)
    {
        var min = (double)(schema.ExclusiveMinimum ?? schema.Minimum ?? -1_000_000m);
        var max = (double)(schema.ExclusiveMaximum ?? schema.Maximum ?? 1_000_000m);
        var gen = Gen.Double[min, max];
        return schema.ExclusiveMinimum is null && schema.ExclusiveMaximum is null
            ? Gen.Frequency((6, gen), (1, Gen.Const(min)), (1, Gen.Const(max)))
            : gen.Where(d => d > min && d < max);
    }

    private static decimal Bound(decimal? inclusive, decimal? exclusive, int step, decimal fallback) =>
        exclusive is { } e ? e + step : inclusive ?? fallback;
}
