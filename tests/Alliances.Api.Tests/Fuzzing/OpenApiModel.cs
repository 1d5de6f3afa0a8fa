using System.Text.Json.Nodes;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// The committed <c>openapi/v1.json</c>, read as the fuzzer needs it: every operation with its parameters, body schemas
/// and documented statuses, and schemas flattened (<c>$ref</c>, <c>allOf</c>, 3.0 <c>nullable</c> and 3.1 null unions
/// resolved) so the generators see one shape. Only what a generator uses is read; everything else is ignored.
/// </summary>
internal sealed class OpenApiModel
{
    private static readonly Lazy<OpenApiModel> Committed = new(() => new OpenApiModel(JsonNode.Parse(File.ReadAllText(CommittedDocumentPath()))!.AsObject()));

    private readonly JsonObject _root;

    private OpenApiModel(JsonObject root)
    {
        _root = root;
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (method, node) in item.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var operation = node!.AsObject();
                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(p => Deref(p!.AsObject()))
                    .Select(p => new FuzzParameter(
                        p["name"]!.GetValue<string>(),
                        p["in"]!.GetValue<string>(),
                        p["required"]?.GetValue<bool>() ?? false,
                        Flatten(p["schema"] ?? new JsonObject())))
                    .ToList();
                var body = operation["requestBody"] is JsonObject requestBody ? Deref(requestBody) : null;
                var content = new Dictionary<string, Schema>(StringComparer.OrdinalIgnoreCase);
                foreach (var (mediaType, media) in body?["content"]?.AsObject() ?? [])
                {
                    content[mediaType] = Flatten(media?["schema"] ?? new JsonObject());
                }

                var statuses = (operation["responses"]?.AsObject() ?? [])
                    .Select(r => int.TryParse(r.Key, out var status) ? status : 0)
                    .Where(s => s > 0)
                    .ToHashSet();
                operations.Add(new FuzzOperation(
                    method.ToUpperInvariant(), path, operation["operationId"]?.GetValue<string>() ?? $"{method} {path}",
                    parameters, content, body?["required"]?.GetValue<bool>() ?? false, statuses));
            }
        }

        Operations = operations;
    }

    public static OpenApiModel Load() => Committed.Value;

    /// <summary>A document given as text, for tests of the fuzzer itself.</summary>
    public static OpenApiModel Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    public IReadOnlyList<FuzzOperation> Operations { get; }

    public FuzzOperation Operation(string operationId) => Operations.Single(o => o.OperationId == operationId);

    private JsonObject Deref(JsonObject node)
    {
        for (var hops = 0; node["$ref"] is JsonValue reference && hops < 20; hops++)
        {
            var pointer = reference.GetValue<string>();
            JsonNode? target = _root;
            foreach (var part in pointer.TrimStart('#', '/').Split('/'))
            {
                target = target?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = target?.AsObject() ?? throw new InvalidOperationException($"Unresolved {pointer}");
        }

        return node;
    }

    private Schema Flatten(JsonNode node, int depth = 0)
    {
        var schema = new Schema();
        if (depth > 30)
        {
            return schema;
        }

        Merge(schema, node.AsObject(), depth);
        return schema;
    }

    private void Merge(Schema schema, JsonObject raw, int depth)
    {
        var node = Deref(raw);
        foreach (var part in node["allOf"]?.AsArray() ?? [])
        {
            Merge(schema, part!.AsObject(), depth + 1);
        }

        // oneOf/anyOf: a union with null means nullable; otherwise the first alternative stands for all of them.
        foreach (var union in new[] { node["oneOf"], node["anyOf"] })
        {
            if (union is not JsonArray alternatives)
            {
                continue;
            }

            var nonNull = alternatives.Where(a => a?["type"]?.ToString() != "null").ToList();
            schema.Nullable |= nonNull.Count < alternatives.Count;
            if (nonNull.FirstOrDefault() is JsonObject first)
            {
                Merge(schema, first, depth + 1);
            }
        }

        switch (node["type"])
        {
            case JsonArray types:
                schema.Nullable |= types.Any(t => t?.GetValue<string>() == "null");
                schema.Type = types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? schema.Type;
                break;
            case JsonValue type:
                schema.Type = type.GetValue<string>();
                break;
        }

        schema.Nullable |= node["nullable"]?.GetValue<bool>() ?? false;
        schema.Format = node["format"]?.GetValue<string>() ?? schema.Format;
        schema.Pattern = node["pattern"]?.GetValue<string>() ?? schema.Pattern;
        schema.MinLength = node["minLength"]?.GetValue<int>() ?? schema.MinLength;
        schema.MaxLength = node["maxLength"]?.GetValue<int>() ?? schema.MaxLength;
        schema.MinItems = node["minItems"]?.GetValue<int>() ?? schema.MinItems;
        schema.MaxItems = node["maxItems"]?.GetValue<int>() ?? schema.MaxItems;
        schema.Minimum = Number(node["minimum"]) ?? schema.Minimum;
        schema.Maximum = Number(node["maximum"]) ?? schema.Maximum;
        // 3.0 writes exclusiveMinimum: true beside minimum; 3.1 writes the bound itself.
        if (node["exclusiveMinimum"] is JsonValue exclusiveMinimum)
        {
            schema.ExclusiveMinimum = exclusiveMinimum.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? Number(exclusiveMinimum)
                : exclusiveMinimum.GetValueKind() == System.Text.Json.JsonValueKind.True ? schema.Minimum : null;
        }

        if (node["exclusiveMaximum"] is JsonValue exclusiveMaximum)
        {
            schema.ExclusiveMaximum = exclusiveMaximum.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? Number(exclusiveMaximum)
                : exclusiveMaximum.GetValueKind() == System.Text.Json.JsonValueKind.True ? schema.Maximum : null;
        }

        if (node["enum"] is JsonArray values)
        {
            schema.Nullable |= values.Any(v => v is null);
            schema.Enum = values.Where(v => v is not null).Select(v => v!.DeepClone()).ToList();
        }

        if (node["items"] is JsonObject items)
        {
            schema.Items = Flatten(items, depth + 1);
        }

        foreach (var required in node["required"]?.AsArray() ?? [])
        {
            schema.Required.Add(required!.GetValue<string>());
        }

        foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
        {
            schema.Properties[name] = Flatten(property!, depth + 1);
        }

        if (node["additionalProperties"] is JsonValue additional && additional.GetValueKind() == System.Text.Json.JsonValueKind.False)
        {
            schema.Closed = true;
        }

        schema.Type ??= schema.Properties.Count > 0 ? "object" : null;
    }

    private static decimal? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<decimal>(out var number) ? number : null;

    private static string CommittedDocumentPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Alliances.sln")))
            {
                return Path.Combine(directory.FullName, "openapi", "v1.json");
            }
        }

        throw new InvalidOperationException($"No Alliances.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One operation of the document.</summary>
internal sealed record FuzzOperation(
    string Method,
    string Path,
    string OperationId,
    IReadOnlyList<FuzzParameter> Parameters,
    IReadOnlyDictionary<string, Schema> Body,
    bool BodyRequired,
    IReadOnlySet<int> Statuses)
{
    public IEnumerable<FuzzParameter> In(string location) => Parameters.Where(p => p.In == location);

    /// <summary>The schema of the JSON body, under whichever JSON media type the document lists first.</summary>
    public Schema? JsonBody => Body.Where(b => b.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Select(b => b.Value).FirstOrDefault();

    public override string ToString() => $"{Method} {Path} ({OperationId})";
}

internal sealed record FuzzParameter(string Name, string In, bool Required, Schema Schema);

/// <summary>A schema flattened to the keywords the generators read.</summary>
internal sealed class Schema
{
    public string? Type { get; set; }

    public bool Nullable { get; set; }

    public string? Format { get; set; }

    public string? Pattern { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public decimal? Minimum { get; set; }

    public decimal? Maximum { get; set; }

    public decimal? ExclusiveMinimum { get; set; }

    public decimal? ExclusiveMaximum { get; set; }

    public IReadOnlyList<JsonNode> Enum { get; set; } = [];

    public Schema? Items { get; set; }

    public Dictionary<string, Schema> Properties { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

    /// <summary><c>additionalProperties: false</c>.</summary>
    public bool Closed { get; set; }
}
