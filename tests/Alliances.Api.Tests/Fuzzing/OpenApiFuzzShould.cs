using System.Globalization;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Authorization;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Endpoints;
using CsCheck;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>
/// Every operation of the committed OpenAPI document, fuzzed on real alliances of the test host. Each case starts from
/// the valid request the authorization matrix builds for the operation (real ids, a target in the right state, a key
/// that may act) and either keeps it valid, with body properties and query parameters regenerated from the document's
/// schemas, or applies one <see cref="Attack"/>. Every answer must be below 500, every 4xx problem+json, and a valid
/// request accepted: a 2xx, or a 409 or 422 the operation documents (a conflict with state, or a rule across fields
/// that no schema can state). Attacks add narrower rules where the conventions promise one (a 400 for U+0000, a 401
/// for a bad key, a 404 for another alliance's id, a 413, a 415).
/// <para>
/// <c>FUZZ_CASES=N</c> runs about N cases in all (default 8 per operation: about 500 cases, within
/// two minutes); <c>FUZZ_SEED</c>
/// replays the seed a failure printed (one case per operation unless FUZZ_CASES says more; filter by the operation).
/// </para>
/// </summary>
public sealed class OpenApiFuzzShould(FuzzApi api) : IClassFixture<FuzzApi>
{
    private static readonly OpenApiModel Document = OpenApiModel.Load();

    public static TheoryData<string> Operations
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var operation in Document.Operations)
            {
                data.Add(operation.OperationId);
            }

            return data;
        }
    }

    /// <summary>The seed a plain run replays; it passes on every operation today.</summary>
    public const string DefaultSeed = "1SVvKT2OGvS6";

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task AnswerEveryGeneratedRequestWithinTheContract(string operationId)
    {
        var operation = Document.Operation(operationId);
        var exploring = long.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var total) && total > 0;
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED");
        // A plain `dotnet test` replays one seed that passes, so README's test command never fails by chance;
        // FUZZ_CASES=N explores with random seeds (docs/fuzzing.md).
        if (string.IsNullOrEmpty(seed) && !exploring)
        {
            seed = DefaultSeed;
        }

        var iterations = exploring ? Math.Max(1, total / Document.Operations.Count) : 1;
        await FuzzCases.For(operation).SampleAsync(
            async c => await RunAsync(operation, c),
            seed: string.IsNullOrEmpty(seed) ? null : seed,
            iter: iterations,
            threads: 1,
            print: c => $"{operation}: {c}");
    }

    [Fact]
    public async Task FindAValidRequestForEveryDocumentedOperation()
    {
        var world = await api.WorldAsync();
        var missing = new List<string>();
        foreach (var operation in Document.Operations)
        {
            if (await AuthorizationMatrixShould.ValidRequestAsync(operation.Method, operation.Path, world) is null)
            {
                missing.Add(operation.ToString());
            }
        }

        Assert.True(Document.Operations.Count >= 50, $"Only {Document.Operations.Count} operations were read from openapi/v1.json.");
        Assert.True(missing.Count == 0, "No authorization-matrix row (so no valid request) for: " + string.Join(", ", missing));
    }

    /// <summary>
    /// Each known issue's own case still breaks the rule it is excused from; when one passes, the defect is fixed and
    /// its entry must go, so the list cannot outlive what it excuses.
    /// </summary>
    [Theory]
    [MemberData(nameof(KnownIssueNames))]
    public async Task StillFailEachKnownIssue_UntilItIsFixed(string name)
    {
        if (name.Length == 0)
        {
            return; // the list is empty: xunit needs one row, and there is nothing to prove
        }

        var issue = KnownIssues.All.Single(i => i.Name == name);
        var operation = Document.Operation(issue.OperationId);
        var outcome = await SendAsync(operation, issue.Case);
        Assert.True(outcome is { Broken: not null } && issue.Matches(operation, issue.Case, outcome.Request, outcome.Status, outcome.Body),
            $"Known issue \"{name}\" ({issue.Why}) no longer fails as listed: remove it from {nameof(KnownIssues)}. " +
            (outcome is null ? "(its case could not be sent)" : $"Now: {outcome.Status} {outcome.Broken ?? "within the contract"}"));
    }

    public static TheoryData<string> KnownIssueNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var issue in KnownIssues.All)
            {
                data.Add(issue.Name);
            }

            if (data.Count == 0)
            {
                data.Add("");
            }

            return data;
        }
    }

    private async Task RunAsync(FuzzOperation operation, FuzzCase fuzz)
    {
        var outcome = await SendAsync(operation, fuzz);
        if (outcome is { Broken: { } what } && !KnownIssues.Excuses(operation, fuzz, outcome.Request, outcome.Status, outcome.Body))
        {
            throw new FuzzFailure(operation, fuzz, outcome.Request, what);
        }
    }

    /// <summary>Builds and sends one case; null when the HTTP client cannot express it.</summary>
    private async Task<Outcome?> SendAsync(FuzzOperation operation, FuzzCase fuzz)
    {
        var world = await api.WorldAsync();
        var request = await BuildAsync(operation, fuzz, world);
        HttpRequestMessage message;
        try
        {
            message = request.ToMessage();
        }
        catch (NotSendableException)
        {
            return null;
        }

        using (message)
        {
            using var client = api.ClientFor(request.Host);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message);
            }
            catch (Exception exception)
            {
                // In-process, an exception no handler caught reaches the client: on a real server it is a 500.
                return new Outcome(request, 500, "", $"the server threw {exception.GetType().Name}: {exception.Message}");
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                return new Outcome(request, status, body, Verdict(operation, fuzz, request, response, status, body) is { } what
                    ? $"{what}\nResponse: {status} {response.Content.Headers.ContentType}\n{FuzzRequest.Excerpt(body, 800)}"
                    : null);
            }
        }
    }

    /// <summary>The rule the answer breaks, or null when it keeps them all.</summary>
    private static string? Verdict(FuzzOperation operation, FuzzCase fuzz, FuzzRequest request, HttpResponseMessage response, int status, string body)
    {
        if (status >= 500)
        {
            return "a 5xx";
        }

        if (status is >= 400 and < 500)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"a {status} that is not problem+json (Content-Type: {response.Content.Headers.ContentType})";
            }

            try
            {
                var problem = JsonDocument.Parse(body).RootElement;
                if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status || !problem.TryGetProperty("type", out _))
                {
                    return $"a {status} whose problem body lacks a matching status or a type";
                }
            }
            catch (JsonException)
            {
                return $"a {status} whose problem body is not JSON";
            }
        }

        if (fuzz.Attack == Attack.None && !(status is >= 200 and < 300 || (status is 409 or 422 && operation.Statuses.Contains(status))))
        {
            return $"a valid request refused with {status} (valid requests get a 2xx, or a 409/422 the operation documents)";
        }

        if (request.Expect is { } expect && !expect.Holds(status))
        {
            return $"{status} where the rule is {expect.Rule}";
        }

        return null;
    }

    private sealed record Outcome(FuzzRequest Request, int Status, string Body, string? Broken);

    private async Task<FuzzRequest> BuildAsync(FuzzOperation operation, FuzzCase fuzz, MatrixWorld world)
    {
        var valid = await AuthorizationMatrixShould.ValidRequestAsync(operation.Method, operation.Path, world)
            ?? throw new InvalidOperationException($"No authorization-matrix row for {operation}");
        var (scope, matrix, principal) = valid;
        var (path, query) = SplitQuery(matrix.Path);
        var request = new FuzzRequest
        {
            Method = operation.Method,
            Host = scope == HostScope.Platform ? ApiFactory.Apex : world.HomeHost,
            Path = path,
            Bearer = await world.KeyForAsync(principal, matrix),
        };
        request.Query.AddRange(query);
        // Generated query values and body properties go into valid cases and into the attacks on the query or the body;
        // every other attack starts from the matrix's request as it is, so what it gets back is about the attack alone.
        var bodyAttack = fuzz.Attack is Attack.HostileString or Attack.WrongType or Attack.HostileNumber or Attack.DeepNesting
            or Attack.DuplicateKey or Attack.UnknownProperty or Attack.HugeBody;
        foreach (var (name, value) in fuzz.Attack is Attack.None or Attack.HostileQuery ? fuzz.Query : new Dictionary<string, string>())
        {
            if (request.Query.All(q => q.Key != name))
            {
                request.Query.Add(new(name, Uri.EscapeDataString(value)));
            }
        }

        if (fuzz.IdempotencyKey && operation.In("header").Any(p => p.Name == "Idempotency-Key"))
        {
            request.Headers.Add(new("Idempotency-Key", Guid.NewGuid().ToString()));
        }

        var schema = operation.JsonBody;
        var body = matrix.Body is null ? null : JsonSerializer.SerializeToNode(matrix.Body);
        if (schema is not null && fuzz.Overlay is not null && (fuzz.Attack == Attack.None || bodyAttack))
        {
            if (body is null && (fuzz.Mask & 1) == 1)
            {
                body = new JsonObject();
            }

            if (body is JsonObject target)
            {
                var bit = 1;
                foreach (var (name, value) in fuzz.Overlay)
                {
                    bit++;
                    if (schema.Properties.TryGetValue(name, out var property) && !SchemaValues.IsStateBound(name, property) && ((fuzz.Mask >> (bit % 31)) & 1) == 1)
                    {
                        target[name] = value?.DeepClone();
                    }
                }
            }
        }

        request.ContentType = operation.Body.Keys.FirstOrDefault() ?? MediaTypeNames.Application.Json;
        var text = body is null ? null : FuzzRequest.Json(body);
        request.Body = text is null ? null : Encoding.UTF8.GetBytes(text);
        await FuzzAttacks.ApplyAsync(operation, fuzz, request, body, world, api);
        return request;
    }

    private static (string Path, List<KeyValuePair<string, string>> Query) SplitQuery(string pathAndQuery)
    {
        var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (at < 0)
        {
            return (pathAndQuery, []);
        }

        var query = pathAndQuery[(at + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : ""))
            .ToList();
        return (pathAndQuery[..at], query);
    }
}

/// <summary>A broken rule, with everything needed to see and replay it (CsCheck adds the seed).</summary>
internal sealed class FuzzFailure(FuzzOperation operation, FuzzCase fuzz, FuzzRequest request, string what)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"{operation}, attack {fuzz.Attack}{(request.Note.Length > 0 ? " (" + request.Note + ")" : "")}: {what}\nRequest:\n{request.Describe()}"));

/// <summary>The API for the fuzzer: limits out of the way (the fuzzer is not testing them) and two worlds to aim at.</summary>
public sealed class FuzzApi : ApiFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MatrixWorld? _world;
    private MatrixWorld? _foreign;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:Key:PermitLimit"] = "1000000",
        ["Alliances:RateLimits:Anonymous:PermitLimit"] = "1000000",
        ["Alliances:RateLimits:Alliance:PermitLimit"] = "1000000",
    };

    /// <summary>The alliance every case aims at.</summary>
    public Task<MatrixWorld> WorldAsync() => OnceAsync(() => _world, w => _world = w);

    /// <summary>Another alliance with the same kinds of resources, whose ids a case sends to the first one's host.</summary>
    public Task<MatrixWorld> ForeignWorldAsync() => OnceAsync(() => _foreign, w => _foreign = w);

    private async Task<MatrixWorld> OnceAsync(Func<MatrixWorld?> get, Action<MatrixWorld> set)
    {
        await _gate.WaitAsync();
        try
        {
            if (get() is { } world)
            {
                return world;
            }

            world = await MatrixWorld.CreateAsync(this);
            set(world);
            return world;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
