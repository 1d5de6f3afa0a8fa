using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// Findings of the fuzzer that are known and not fixed yet, each narrowly matched, with the issue it belongs to and a
/// case of its own that <see cref="OpenApiFuzzShould.StillFailEachKnownIssue_UntilItIsFixed"/> sends to prove it still
/// fails. An excused case is still sent and checked; it only does not fail the run. Remove an entry when its case
/// passes (that test says so).
/// </summary>
internal static partial class KnownIssues
{
    public static readonly IReadOnlyList<KnownIssue> All =
    [
        // Issue #15 item 2: some of the validators' rules on the shape of a value (absolute URLs, HH:mm times) are not in
        // the document, so a value the document allows can be refused. Excused only when every field the 400 names is a
        // string whose schema states no enum, format or pattern, or another field whose schema states no rule at all;
        // once the document gives a field such a rule, a refusal of a value that keeps it fails the run again. The
        // case: a webhook url that is not a URL, allowed by a url schema with only a length limit.
        new(
            "undocumented-value-shapes",
            "issue #15 item 2: the document states no format or pattern for a field the API validates",
            "CreateWebhook",
            new FuzzCase(Attack.None, new JsonObject { ["url"] = "not a url" }, int.MaxValue, new Dictionary<string, string>(), 0, 0, false),
            (operation, fuzz, _, status, body) => fuzz.Attack == Attack.None && status == 400 && OnlyRuleLessFields(operation, body)),
    ];

    public static bool Excuses(FuzzOperation operation, FuzzCase fuzz, FuzzRequest request, int status, string body) =>
        All.Any(i => i.Matches(operation, fuzz, request, status, body));

    /// <summary>Whether the problem names fields, each of which the document describes with no rule whatsoever.</summary>
    internal static bool OnlyRuleLessFields(FuzzOperation operation, string body)
    {
        List<string> fields;
        try
        {
            fields = JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(e => e.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            return false;
        }

        return fields.Count > 0 && fields.All(f => IsRuleLess(operation, f));
    }

    private static bool IsRuleLess(FuzzOperation operation, string field)
    {
        if (operation.In("query").FirstOrDefault(p => p.Name == field) is { } parameter)
        {
            return !parameter.Required && StatesNoRule(parameter.Schema);
        }

        var schema = operation.JsonBody;
        Schema? parent = null;
        var name = "";
        foreach (var segment in field.Split('.'))
        {
            var match = SegmentPattern().Match(segment);
            if (schema is null || !match.Success || !schema.Properties.TryGetValue(match.Groups[1].Value, out var property))
            {
                return false;
            }

            (parent, name, schema) = (schema, match.Groups[1].Value, property);
            for (var i = 0; i < match.Groups[2].Value.Count(c => c == '['); i++)
            {
                (parent, name, schema) = (null, "", schema?.Items);
            }
        }

        return schema is not null && StatesNoRule(schema);
    }

    private static bool StatesNoRule(Schema schema) => schema.Type == "string"
        ? schema.Enum.Count == 0 && schema.Pattern is null && schema.Format is null
        : schema.Enum.Count == 0 && schema.Pattern is null && schema.Format is null or "int32" or "int64" or "double" or "float"
        && schema.MinLength is null && schema.MaxLength is null && schema.Minimum is null && schema.Maximum is null
        && schema.ExclusiveMinimum is null && schema.ExclusiveMaximum is null && schema.MinItems is null && schema.MaxItems is null
        && schema.Required.Count == 0;

    [GeneratedRegex(@"^(\w+)((?:\[\d+\])*)$")]
    private static partial Regex SegmentPattern();
}

/// <summary>One known finding: where it shows (<see cref="Matches"/>) and a case that shows it (<see cref="Case"/>).</summary>
internal sealed record KnownIssue(string Name, string Why, string OperationId, FuzzCase Case, Func<FuzzOperation, FuzzCase, FuzzRequest, int, string, bool> Matches);
