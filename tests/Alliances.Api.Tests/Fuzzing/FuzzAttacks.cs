using System.Text;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Authorization;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>How each <see cref="Attack"/> changes the valid request, and the rule it adds.</summary>
internal static class FuzzAttacks
{
    private const string Raw = "FUZZ-RAW-VALUE";
    private const string Duplicate = "FUZZ-DUPLICATE-NAME";

    private static readonly string[] UnknownNames = ["fuzzUnknown", "id", "createdAt", "updatedAt", "tenantId", "allianceId", "__proto__", "$type"];

    public static async Task ApplyAsync(FuzzOperation operation, FuzzCase fuzz, FuzzRequest request, JsonNode? body, MatrixWorld world, FuzzApi api)
    {
        var pick = fuzz.Pick;
        var pick2 = fuzz.Pick2;
        switch (fuzz.Attack)
        {
            case Attack.None:
                return;
            case Attack.HostileString:
            {
                var value = Hostile.Strings[pick2 % Hostile.Strings.Length];
                var slot = SlotAt(ref body, operation, pick, preferStrings: true);
                request.Body = Utf8(Replace(body!, slot, Hostile.JsonString(value)));
                request.Note = $"{slot.Describe()} = {FuzzRequest.Excerpt(value, 40)}";
                if (Hostile.MustBeRefused(value))
                {
                    request.Expect = Expectation.Status(400, "U+0000 and unpaired surrogates are refused in every string");
                }

                return;
            }

            case Attack.WrongType:
            {
                var slot = SlotAt(ref body, operation, pick, preferStrings: false);
                var value = Hostile.WrongTypes[pick2 % Hostile.WrongTypes.Length];
                request.Body = Utf8(Replace(body!, slot, value));
                request.Note = $"{slot.Describe()} = {value}";
                return;
            }

            case Attack.HostileNumber:
            {
                var slot = SlotAt(ref body, operation, pick, preferStrings: false);
                var value = Hostile.Numbers[pick2 % Hostile.Numbers.Length];
                request.Body = Utf8(Replace(body!, slot, value));
                request.Note = $"{slot.Describe()} = {value}";
                return;
            }

            case Attack.DeepNesting:
            {
                var slot = SlotAt(ref body, operation, pick, preferStrings: false);
                var objects = pick2 % 2 == 0;
                request.Body = Utf8(pick2 % 3 == 0 ? Hostile.Nested(10_000, objects) : Replace(body!, slot, Hostile.Nested(10_000, objects)));
                request.Note = $"{(pick2 % 3 == 0 ? "the body" : slot.Describe())} = 10,000 nested {(objects ? "objects" : "arrays")}";
                request.Expect = Expectation.ClientError("nesting past the reader's depth limit is malformed input");
                return;
            }

            case Attack.DuplicateKey:
            {
                body ??= new JsonObject();
                var objects = Objects(body).Where(o => o.Count > 0).ToList();
                if (objects.Count == 0)
                {
                    request.Body = Utf8("{\"name\":\"a\",\"name\":\"b\"}");
                    request.Note = "{\"name\":\"a\",\"name\":\"b\"}";
                }
                else
                {
                    var target = objects[pick % objects.Count];
                    var (name, value) = target.ElementAt(pick2 % target.Count);
                    target[Duplicate] = value is JsonValue v && v.TryGetValue<string>(out _) ? "duplicate" : value?.DeepClone();
                    request.Body = Utf8(FuzzRequest.Json(body).Replace($"\"{Duplicate}\"", Hostile.JsonString(name), StringComparison.Ordinal));
                    request.Note = $"\"{name}\" twice in {Path(target)}";
                }

                request.Expect = Expectation.Status(400, "a body with a duplicate property name is a 400");
                return;
            }

            case Attack.UnknownProperty:
            {
                body ??= new JsonObject();
                var objects = Objects(body).ToList();
                var target = objects[pick % objects.Count];
                var name = UnknownNames[pick2 % UnknownNames.Length];
                if (target.ContainsKey(name))
                {
                    return;
                }

                target[name] = name is "id" or "tenantId" or "allianceId" ? Guid.NewGuid().ToString() : "x";
                request.Body = Utf8(FuzzRequest.Json(body));
                request.Note = $"{Path(target)}.{name}";
                request.Expect = Expectation.Status(400, "unknown and read-only properties are refused");
                return;
            }

            case Attack.MalformedBody:
            {
                var index = pick % Hostile.MalformedBodies.Length;
                request.Body = Hostile.MalformedBodies[index];
                request.Note = $"malformed body #{index}";
                // The empty body (some operations take none) and a UTF-8 byte-order mark before "{}" may be accepted.
                if (index is not 0 and not 14)
                {
                    request.Expect = Expectation.ClientError("a body that is not one JSON value of the right shape");
                }

                return;
            }

            case Attack.HugeBody:
            {
                var slot = SlotAt(ref body, operation, pick, preferStrings: true);
                request.Body = Utf8(Replace(body!, slot, Hostile.JsonString(new string('x', 1_200_000))));
                request.Note = $"{slot.Describe()} = 1.2 million characters";
                request.Expect = Expectation.Status(413, "request bodies are capped at 1 MiB");
                return;
            }

            case Attack.ContentType:
            {
                request.Body ??= Utf8("{}");
                var all = Hostile.RefusedContentTypes.Concat(Hostile.OddContentTypes).ToArray();
                var index = pick % all.Length;
                request.ContentType = all[index];
                request.Note = $"Content-Type: {all[index]}";
                // The conventions promise the 415 for application/json-patch+json on PATCH; elsewhere a +json type is JSON
                // to ASP.NET Core, and only the general rules apply.
                if (index < Hostile.RefusedContentTypes.Length && (operation.Method == "PATCH" || all[index] != "application/json-patch+json"))
                {
                    request.Expect = Expectation.Status(415, "a content type the operation does not take");
                }

                return;
            }

            case Attack.HostileQuery:
            {
                var parameters = operation.In("query").ToList();
                var index = pick2 % Hostile.QueryValues.Length;
                var value = Hostile.QueryValues[index];
                var choice = pick % (parameters.Count + 2);
                if (choice < parameters.Count)
                {
                    var parameter = parameters[choice];
                    request.Query.RemoveAll(q => q.Key == parameter.Name);
                    request.Query.Add(new(parameter.Name, value));
                    request.Note = $"?{parameter.Name}={FuzzRequest.Excerpt(value, 40)}";
                    if (index < Hostile.RefusedQueryValues && parameter.Schema.Type is null or "string")
                    {
                        request.Expect = Expectation.Status(400, "U+0000 and text that is not UTF-8 are refused in every query parameter");
                    }
                }
                else if (choice == parameters.Count)
                {
                    request.Query.Add(new("fuzzUnknown", value));
                    request.Note = $"?fuzzUnknown={FuzzRequest.Excerpt(value, 40)}";
                }
                else
                {
                    var parameter = parameters[pick % parameters.Count];
                    request.Query.Add(new(parameter.Name, "1"));
                    request.Query.Add(new(parameter.Name, value));
                    request.Note = $"?{parameter.Name} twice";
                }

                return;
            }

            case Attack.ForgedCursor:
            {
                var index = pick % Hostile.Cursors.Length;
                var cursor = Hostile.Cursors[index];
                request.Query.RemoveAll(q => q.Key == "cursor");
                request.Query.Add(new("cursor", cursor.Contains('%', StringComparison.Ordinal) ? cursor : Uri.EscapeDataString(cursor)));
                request.Note = $"cursor #{index}";
                if (index < Hostile.RefusedCursors)
                {
                    request.Expect = Expectation.Status(400, "U+0000 and unpaired surrogates are refused inside a cursor");
                }
                else if (index is 3 or 7 or 8 or 10 or 11 or 12 or 13 or 14 or 15 or 16 or 17)
                {
                    request.Expect = Expectation.Status(400, "a cursor that does not decode is a bad value");
                }

                return;
            }

            case Attack.HostilePath:
            {
                var parameters = operation.In("path").ToList();
                var parameter = parameters[pick % parameters.Count];
                var choice = pick2 % (Hostile.PathSegments.Length + 1);
                string value;
                if (choice == Hostile.PathSegments.Length)
                {
                    // The same operation's valid request in another alliance: its ids, sent to this alliance's host.
                    var foreign = await AuthorizationMatrixShould.ValidRequestAsync(operation.Method, operation.Path, await api.ForeignWorldAsync());
                    value = PathValue(operation.Path, foreign!.Value.Request.Path.Split('?')[0], parameter.Name);
                    request.Note = $"{{{parameter.Name}}} = another alliance's {value}";
                }
                else
                {
                    value = Hostile.PathSegments[choice];
                    request.Note = $"{{{parameter.Name}}} = {FuzzRequest.Excerpt(value, 40)}";
                }

                request.Path = WithPathValue(operation.Path, request.Path, parameter.Name, value);
                if (parameter.Schema.Format == "uuid")
                {
                    request.Expect = Expectation.Status(404, "an id that names nothing of this alliance is a 404, never another alliance's row");
                }

                return;
            }

            case Attack.HostileHeader:
            {
                var choice = pick % 5;
                if (choice == 0 && operation.In("header").Any(p => p.Name == "Idempotency-Key"))
                {
                    var value = Hostile.BadIdempotencyKeys[pick2 % Hostile.BadIdempotencyKeys.Length];
                    request.Headers.RemoveAll(h => h.Key == "Idempotency-Key");
                    request.Headers.Add(new("Idempotency-Key", value));
                    request.Note = $"Idempotency-Key: {FuzzRequest.Excerpt(value, 40)}";
                    request.Expect = Expectation.Status(400, "an Idempotency-Key is 1-255 visible ASCII characters");
                }
                else if (choice == 1)
                {
                    var value = Hostile.Authorizations[pick2 % Hostile.Authorizations.Length];
                    request.Bearer = null;
                    request.Headers.Add(new("Authorization", value));
                    request.Note = $"Authorization: {FuzzRequest.Excerpt(value, 40)}";
                    if (value.StartsWith("Bearer alk_", StringComparison.Ordinal))
                    {
                        request.Expect = Expectation.Status(401, "a presented key that is not a key of this host");
                    }
                }
                else
                {
                    var name = choice switch { 2 => "If-Match", 3 => "If-None-Match", _ => "Accept" };
                    var value = Hostile.HeaderValues[pick2 % Hostile.HeaderValues.Length];
                    request.Headers.Add(new(name, value));
                    request.Note = $"{name}: {FuzzRequest.Excerpt(value, 40)}";
                }

                return;
            }

            case Attack.WrongKey:
            {
                var choice = pick % 4;
                request.Bearer = choice switch
                {
                    0 => null,
                    1 => (await api.ForeignWorldAsync()).Home.OrganizerKey,
                    2 => world.Revoked.Key,
                    _ => ApiKeyCalls.UnknownKey(),
                };
                request.Note = choice switch { 0 => "no key", 1 => "another alliance's organizer key", 2 => "a revoked key", _ => "a made-up key" };
                if (choice > 0)
                {
                    request.Expect = Expectation.Status(401, "a key that is not a live key of this host");
                }

                return;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(fuzz), fuzz.Attack, null);
        }
    }

    /// <summary>A place in the body where a value can go; <see cref="Parent"/> null means the whole body.</summary>
    private sealed record Slot(JsonNode? Parent, string? Name, int Index)
    {
        public string Describe() => Parent is null ? "the body" : Name is not null ? $"{Path(Parent)}.{Name}" : $"{Path(Parent)}[{Index}]";
    }

    /// <summary>
    /// The <paramref name="pick"/>th value slot of the body (string-valued ones first when asked); a body with none gets
    /// a property of the schema, so the attack reaches something the operation reads.
    /// </summary>
    private static Slot SlotAt(ref JsonNode? body, FuzzOperation operation, int pick, bool preferStrings)
    {
        body ??= new JsonObject();
        var slots = Slots(body).ToList();
        var strings = slots.Where(s => Value(s) is JsonValue v && v.TryGetValue<string>(out _)).ToList();
        if (preferStrings && strings.Count > 0)
        {
            return strings[pick % strings.Count];
        }

        if (slots.Count > 0)
        {
            return slots[pick % slots.Count];
        }

        if (body is JsonObject root && operation.JsonBody is { Properties.Count: > 0 } schema)
        {
            var name = schema.Properties.Keys.ElementAt(pick % schema.Properties.Count);
            root[name] = "x";
            return new Slot(root, name, -1);
        }

        return new Slot(null, null, -1);
    }

    private static IEnumerable<Slot> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    yield return new Slot(obj, name, -1);
                    if (value is not null)
                    {
                        foreach (var inner in Slots(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return new Slot(array, null, i);
                    if (array[i] is { } value)
                    {
                        foreach (var inner in Slots(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static JsonNode? Value(Slot slot) => slot.Parent switch
    {
        JsonObject obj => obj[slot.Name!],
        JsonArray array => array[slot.Index],
        _ => null,
    };

    /// <summary>The body's JSON text with the slot's value replaced by <paramref name="rawJson"/>, written as it is.</summary>
    private static string Replace(JsonNode body, Slot slot, string rawJson)
    {
        switch (slot.Parent)
        {
            case JsonObject obj:
                obj[slot.Name!] = Raw;
                break;
            case JsonArray array:
                array[slot.Index] = Raw;
                break;
            default:
                return rawJson;
        }

        return FuzzRequest.Json(body.Root).Replace($"\"{Raw}\"", rawJson, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Objects(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
        }

        foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] })
        {
            if (child is not null)
            {
                foreach (var inner in Objects(child))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string Path(JsonNode node) => node.GetPath();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The value of <c>{name}</c> of <paramref name="template"/> in <paramref name="path"/>.</summary>
    private static string PathValue(string template, string path, string name)
    {
        var (index, prefix, suffix) = Segment(template, name);
        var segment = path.Split('/')[index];
        return segment[prefix.Length..^suffix.Length];
    }

    /// <summary><paramref name="path"/> with the value of <c>{name}</c> replaced by <paramref name="value"/>.</summary>
    private static string WithPathValue(string template, string path, string name, string value)
    {
        var (index, prefix, suffix) = Segment(template, name);
        var segments = path.Split('/');
        segments[index] = prefix + value + suffix;
        return string.Join('/', segments);
    }

    private static (int Index, string Prefix, string Suffix) Segment(string template, string name)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var at = segments[i].IndexOf("{" + name + "}", StringComparison.Ordinal);
            if (at >= 0)
            {
                return (i, segments[i][..at], segments[i][(at + name.Length + 2)..]);
            }
        }

        throw new InvalidOperationException($"{template} has no {{{name}}}");
    }
}
