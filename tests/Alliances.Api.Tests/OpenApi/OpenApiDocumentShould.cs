using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document the API generates is the one committed under <c>openapi/v1.json</c>, so every change to the
/// API's surface shows up in review; and it follows the document rules of API-CONVENTIONS.md.
/// </summary>
public sealed class OpenApiDocumentShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    public const string UpdateVariable = "UPDATE_OPENAPI";
    public const string UpdateCommand = "UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentShould";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // The document is read by people in review; "…" and "'" should look like themselves. Never served as HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public async Task MatchTheCommittedDocument()
    {
        var generated = Normalise(await FetchAsync());
        var committedPath = CommittedDocumentPath();

        if (Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committedPath)!);
            await File.WriteAllTextAsync(committedPath, generated);
            return;
        }

        Assert.True(File.Exists(committedPath), $"{committedPath} does not exist.\nRun: {UpdateCommand}");
        var committed = (await File.ReadAllTextAsync(committedPath)).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (committed != generated)
        {
            var diff = LineDiff.Unified(committed, generated, 40, "openapi/v1.json (committed)", "/openapi/v1.json (generated)");
            Assert.Fail(
                "The generated OpenAPI document differs from the committed openapi/v1.json. If the change to the API is " +
                $"intended, regenerate the file and commit it with the change.\nRun: {UpdateCommand}\n\n{diff}");
        }
    }

    [Fact]
    public async Task GiveEveryOperationAnOperationIdAndASummary()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);

        var missing = operations
            .Where(o => string.IsNullOrWhiteSpace(o.Operation["operationId"]?.GetValue<string>()) ||
                        string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>()))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}")
            .ToList();
        Assert.True(missing.Count == 0, "Operations without an operationId or a summary: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task GiveEveryOperationAUniqueOperationId()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var duplicates = Operations(document)
            .GroupBy(o => o.Operation["operationId"]?.GetValue<string>(), StringComparer.Ordinal)
            .Where(g => g.Key is not null && g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}"))}")
            .ToList();
        Assert.True(duplicates.Count == 0, "Duplicate operationIds: " + string.Join("; ", duplicates));
    }

    [Fact]
    public async Task DeclareTheAllianceHostAsAServerWithVariables()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var servers = document["servers"]?.AsArray() ?? [];
        var alliance = servers.FirstOrDefault(s => s?["url"]?.GetValue<string>() == "https://{alliance}.{apex}");
        Assert.True(alliance is not null, "servers has no https://{alliance}.{apex}: " + servers.ToJsonString());
        var variables = alliance!["variables"]?.AsObject();
        Assert.False(string.IsNullOrEmpty(variables?["alliance"]?["default"]?.GetValue<string>()), "{alliance} needs a default.");
        Assert.False(string.IsNullOrEmpty(variables?["apex"]?["default"]?.GetValue<string>()), "{apex} needs a default.");
    }

    // A generated client must be able to page: every operation answering a page ({ items, nextCursor }) declares the
    // ?limit= and ?cursor= query parameters it accepts.
    [Fact]
    public async Task DeclareLimitAndCursor_OnEveryPagedOperation()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var paged = Operations(document)
            .Where(o => ResponseSchema(o.Operation, schemas) is { } schema && schema["properties"]?["items"] is not null &&
                        schema["properties"]?["nextCursor"] is not null)
            .ToList();
        Assert.NotEmpty(paged);

        var missing = paged
            .Where(o => !QueryParameters(o.Operation).IsSupersetOf(["limit", "cursor"]))
            .Select(o => $"{o.Operation["operationId"]} ({o.Method.ToUpperInvariant()} {o.Path}) declares [{string.Join(", ", QueryParameters(o.Operation))}]")
            .ToList();
        Assert.True(missing.Count == 0, "Paged operations without limit and cursor query parameters:\n" + string.Join("\n", missing));
    }

    // A generated client must know which operations send the key: every endpoint that requires authorization says so
    // with a security requirement in the document.
    [Fact]
    public async Task DeclareTheBearerSecurityRequirement_OnEveryOperationThatNeedsAKey()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var needsKey = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(needsKey);

        var globalSecurity = document["security"]?.AsArray().Count > 0;
        var missing = Operations(document)
            .Where(o => o.Operation["operationId"]?.GetValue<string>() is { } id && needsKey.Contains(id))
            .Where(o => !globalSecurity && (o.Operation["security"]?.AsArray().Count ?? 0) == 0)
            .Select(o => $"{o.Operation["operationId"]} ({o.Method.ToUpperInvariant()} {o.Path})")
            .ToList();
        Assert.True(missing.Count == 0, "Operations that need a key but declare no security requirement: " + string.Join(", ", missing));
    }

    // The wire carries enums as snake_case strings (JsonSetup); a document declaring integers made every generated client
    // fail on the first read. Each enum the API exposes is a string enum with exactly what the endpoints serialize.
    [Fact]
    public async Task DeclareEveryEnumAsAStringEnumWithTheWireValues()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var serializer = api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var enumTypes = typeof(Program).Assembly.GetTypes().Where(t => t.IsEnum).Append(typeof(DayOfWeek))
            .GroupBy(Alliances.Api.Infrastructure.OpenApi.OpenApiSetup.SchemaId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var declared = schemas.Where(s => s.Value?["enum"] is not null).ToList();
        Assert.Contains(declared, s => s.Key == "SpaceKind");
        foreach (var (name, schema) in declared)
        {
            Assert.True(schema!["type"]?.GetValue<string>() == "string", $"{name} is not a string enum: {schema.ToJsonString()}");
            var values = schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
            Assert.True(enumTypes.TryGetValue(name, out var type), $"No enum type behind the schema {name}.");
            var wire = Enum.GetValues(type!).Cast<object>()
                .Select(v => JsonSerializer.Serialize(v, type!, serializer).Trim('"'))
                .ToList();
            Assert.Equal(wire, values);
        }
    }

    // Swagger UI's "Try it out" uses the first server: it must be the host serving the page, not production.
    [Fact]
    public async Task PutTheServingHostFirstAmongTheServers()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeEveryTagAndNameALicence()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var described = (document["tags"]?.AsArray() ?? []).ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>());
        var used = Operations(document).SelectMany(o => o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, tag => Assert.False(string.IsNullOrWhiteSpace(described.GetValueOrDefault(tag)), $"Tag {tag} has no description."));
        Assert.False(string.IsNullOrWhiteSpace(document["info"]?["license"]?["name"]?.GetValue<string>()), "info.license has no name.");
    }

    // Anonymous reads say so ([{}]: no key needed), keyed routes name the bearer key, operator routes their own scheme.
    [Fact]
    public async Task DeclareTheSecurityOfEveryOperation()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .GroupBy(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var checkedOperations = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            var id = operation["operationId"]!.GetValue<string>();
            var security = operation["security"]?.AsArray();
            Assert.True(security is { Count: 1 }, $"{id} ({method} {path}) declares no security: {security?.ToJsonString()}");
            var endpoint = endpoints[id];
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var expected = authorize.Count == 0 || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? "{}"
                : authorize.Any(a => a.Policy == "operator") ? "{\"operator\":[]}" : "{\"bearer\":[]}";
            Assert.True(expected == security![0]!.ToJsonString(), $"{id}: expected security [{expected}], found {security.ToJsonString()}");
            checkedOperations++;
        }

        Assert.True(checkedOperations > 30, $"Only {checkedOperations} operations were checked.");
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.True(schemes.ContainsKey("bearer") && schemes.ContainsKey("operator"), schemes.ToJsonString());
    }

    // Every error a client can meet is declared, with the one Problem schema, so a generated client has a typed error
    // for a 401 or a 412 instead of "no error factory is registered for this code".
    [Fact]
    public async Task DeclareEveryErrorWithTheOneProblemSchema()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        foreach (var (path, method, operation) in Operations(document))
        {
            var id = $"{operation["operationId"]} ({method.ToUpperInvariant()} {path})";
            var responses = operation["responses"]!.AsObject();
            foreach (var (status, response) in responses.Where(r => int.Parse(r.Key, CultureInfo.InvariantCulture) >= 400))
            {
                var content = response!["content"]!.AsObject();
                Assert.True(content.Count == 1 && content["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>() == "#/components/schemas/Problem",
                    $"{id} {status} is not the Problem schema: {content.ToJsonString()}");
            }

            Assert.True(responses.ContainsKey("400"), $"{id} declares no 400.");
            foreach (var status in new[] { "429", "503" })
            {
                Assert.True(responses[status]?["headers"]?["Retry-After"] is not null, $"{id} {status} has no Retry-After.");
            }

            if (operation["security"]![0]!.AsObject().Count > 0)
            {
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{id} needs a key but declares no 401 and 403.");
            }

            if (operation["requestBody"] is not null)
            {
                Assert.True(responses.ContainsKey("413") && responses.ContainsKey("415"), $"{id} takes a body but declares no 413 and 415.");
            }
        }

        var problem = document["components"]!["schemas"]!["Problem"]!["properties"]!.AsObject();
        foreach (var member in new[] { "type", "title", "status", "detail", "instance", "traceId", "errors", "limit", "activePriorities" })
        {
            Assert.True(problem.ContainsKey(member), $"Problem has no {member}.");
        }
    }

    [Fact]
    public async Task DeclareTheHeadersEachOperationReadsAndWrites()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        static bool HasParameter(JsonNode operation, string name) =>
            (operation["parameters"]?.AsArray() ?? []).Any(p => p?["$ref"]?.GetValue<string>() == "#/components/parameters/" + name);

        foreach (var (path, method, operation) in Operations(document))
        {
            var id = $"{operation["operationId"]} ({method.ToUpperInvariant()} {path})";
            var responses = operation["responses"]!.AsObject();
            if (responses.ContainsKey("304"))
            {
                Assert.True(HasParameter(operation, "If-None-Match"), $"{id} answers 304 but reads no If-None-Match.");
                Assert.True(responses["200"]?["headers"]?["ETag"] is not null, $"{id} answers 304 but its 200 has no ETag.");
            }

            if (responses.ContainsKey("412"))
            {
                Assert.True(HasParameter(operation, "If-Match"), $"{id} answers 412 but reads no If-Match.");
            }

            if (responses["201"] is { } created)
            {
                Assert.True(created["headers"]?["Location"] is not null, $"{id} creates but its 201 has no Location.");
            }

            if (method == "post" && path != "/v1/alliances" && !path.StartsWith("/v1/alliances/", StringComparison.Ordinal))
            {
                Assert.True(HasParameter(operation, "Idempotency-Key"), $"{id} is a POST without Idempotency-Key.");
            }

            var success = responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value!).ToList();
            Assert.All(success, r => Assert.True(r["headers"]?["RateLimit"] is not null && r["headers"]?["RateLimit-Policy"] is not null, $"{id}: no RateLimit headers."));
            if (QueryParameters(operation).Contains("cursor"))
            {
                Assert.True(responses["200"]?["headers"]?["Link"] is not null, $"{id} pages but its 200 has no Link.");
            }
        }
    }

    // What Redocly's recommended rules and the generators need from schemas: no nullable without a type, no one-element
    // allOf except to make a reference nullable, and every property of a response schema required.
    [Fact]
    public async Task KeepSchemasPlainAndResponsePropertiesRequired()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var problems = new List<string>();
        void Walk(JsonNode? node, string where)
        {
            if (node is JsonObject obj)
            {
                if (obj["nullable"] is not null && obj["type"] is null)
                {
                    problems.Add($"{where}: nullable without type");
                }

                if (obj["allOf"] is JsonArray { Count: 1 } && obj["nullable"] is null)
                {
                    problems.Add($"{where}: one-element allOf");
                }

                foreach (var (key, child) in obj)
                {
                    Walk(child, $"{where}/{key}");
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{where}/{i}");
                }
            }
        }

        Walk(document, "#");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        foreach (var name in new[] { "SpaceView", "MeetingView", "PriorityView", "AllianceProfile", "ApiKeyView", "WebhookView", "SpaceViewPage" })
        {
            var schema = document["components"]!["schemas"]![name]!;
            var properties = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(properties, required);
        }
    }

    // A PATCH body is a merge patch with a schema of its own: every member optional, so a generated client can send
    // one field; the create's schema would demand them all.
    [Fact]
    public async Task TypeEveryPatchBodyAsAMergePatch()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var patches = Operations(document).Where(o => o.Method == "patch").ToList();
        Assert.NotEmpty(patches);
        foreach (var (path, _, operation) in patches)
        {
            var content = operation["requestBody"]!["content"]!.AsObject();
            Assert.Equal(["application/merge-patch+json", "application/json"], content.Select(c => c.Key));
            var reference = content["application/merge-patch+json"]!["schema"]!["$ref"]!.GetValue<string>();
            Assert.Equal(reference, content["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            Assert.EndsWith("Patch", name, StringComparison.Ordinal);
            Assert.True(schemas[name]!["required"] is null, $"PATCH {path}: {name} requires members: {schemas[name]!["required"]?.ToJsonString()}");
        }

        // null removes an optional member, not a required one.
        var space = schemas["SpacePatch"]!["properties"]!;
        Assert.Null(space["name"]!["nullable"]);
        Assert.True(space["description"]!["nullable"]?.GetValue<bool>(), space["description"]!.ToJsonString());
        Assert.True(space["address"]!["nullable"]?.GetValue<bool>(), space["address"]!.ToJsonString());
    }

    // The validators are the one source of the limits; the document repeats them so a client can check before sending.
    [Fact]
    public async Task CarryTheValidatorsLimitsIntoTheRequestSchemas()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var schemas = document["components"]!["schemas"]!;
        var space = schemas["SpaceWrite"]!;
        var required = space["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("name", required);
        Assert.Contains("kind", required);
        Assert.DoesNotContain("description", required);
        var properties = space["properties"]!;
        Assert.Equal(Alliances.Api.Features.Spaces.SpaceRules.MaxNameLength, properties["name"]!["maxLength"]!.GetValue<int>());
        Assert.Null(properties["name"]!["nullable"]);
        Assert.Equal("email", properties["email"]!["format"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(properties["slug"]!["pattern"]?.GetValue<string>()), properties["slug"]!.ToJsonString());
        Assert.Equal(Alliances.Api.Features.Spaces.SpaceRules.MaxCapacity, properties["capacity"]!["maximum"]!.GetValue<int>());
        var location = schemas["SpaceWriteSpaceLocationInput"]!["properties"]!;
        Assert.Equal(-90, location["lat"]!["minimum"]!.GetValue<int>());
        Assert.Equal(180, location["lon"]!["maximum"]!.GetValue<int>());
    }

    [Fact]
    public async Task GiveEveryJsonBodyAndSuccessResponseAnExample()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var bodies = (operation["requestBody"]?["content"]?.AsObject() ?? new JsonObject()).Select(c => ("request", c.Key, c.Value))
                .Concat((operation["responses"]?.AsObject() ?? new JsonObject()).Where(r => r.Key.StartsWith('2'))
                    .SelectMany(r => (r.Value?["content"]?.AsObject() ?? new JsonObject()).Select(c => (r.Key, c.Key, c.Value))));
            missing.AddRange(bodies.Where(b => b.Item2.EndsWith("json", StringComparison.Ordinal) && b.Item3?["example"] is null)
                .Select(b => $"{method.ToUpperInvariant()} {path} {b.Item1} {b.Item2}"));
        }

        Assert.True(missing.Count == 0, "Bodies without an example:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task LeaveHealthAndTestOnlyRoutesOut()
    {
        var document = JsonNode.Parse(await FetchAsync())!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.DoesNotContain("/healthz", paths);
        Assert.DoesNotContain("/readyz", paths);
        Assert.All(paths, p => Assert.StartsWith("/v1/", p, StringComparison.Ordinal));
    }

    [Fact]
    public void NormaliseToIndentedJsonWithUnixLineEndings()
    {
        var normalised = Normalise("{\r\n\"b\":[1,2],\"a\":\"x…\"}");
        Assert.Equal("{\n  \"b\": [\n    1,\n    2\n  ],\n  \"a\": \"x…\"\n}\n", normalised);
    }

    [Fact]
    public void ShowADiffOfTheChangedLines()
    {
        var diff = LineDiff.Unified("a\nb\nc\nd\ne\nf\ng\nh", "a\nb\nc\nD\ne\nf\ng\nh\ni");
        Assert.Contains("@@ -1,8 +1,9 @@", diff, StringComparison.Ordinal);
        Assert.Contains("-d\n+D\n", diff, StringComparison.Ordinal);
        Assert.Contains("+i\n", diff, StringComparison.Ordinal);
        Assert.StartsWith("--- expected\n+++ actual\n", diff, StringComparison.Ordinal);
        Assert.Equal("", LineDiff.Unified("same\n", "same\n"));
    }

    private async Task<string> FetchAsync()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/openapi/v1.json answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Parsed and written again with two-space indentation, \n line endings and a final newline.</summary>
    public static string Normalise(string json) => JsonNode.Parse(json)!.ToJsonString(Indented) + "\n";

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is { } operation)
                {
                    yield return (path, method, operation);
                }
            }
        }
    }

    private static JsonNode? ResponseSchema(JsonNode operation, JsonObject? schemas)
    {
        var schema = operation["responses"]?["200"]?["content"]?["application/json"]?["schema"];
        var reference = schema?["$ref"]?.GetValue<string>();
        return reference is null ? schema : schemas?[reference[(reference.LastIndexOf('/') + 1)..]];
    }

    private static HashSet<string> QueryParameters(JsonNode operation) =>
        (operation["parameters"]?.AsArray() ?? [])
            .Where(p => p?["in"]?.GetValue<string>() == "query")
            .Select(p => p!["name"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

    /// <summary><c>openapi/v1.json</c> in the repository: found by walking up from the test binaries to Alliances.sln.</summary>
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
