using Alliances.Api.Infrastructure.Idempotency;
using Microsoft.OpenApi;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// The pieces every operation shares, declared once under <c>components</c> and referenced: the one problem schema, the
/// request headers the API reads (If-Match, If-None-Match, Idempotency-Key) and the response headers it writes.
/// </summary>
public static class ContractComponents
{
    public const string Problem = "Problem";
    public const string ActivePriority = "ActivePriority";
    public const string IfMatch = "If-Match";
    public const string IfNoneMatch = "If-None-Match";
    public const string IdempotencyKey = IdempotencyMiddleware.HeaderName;
    public const string ETag = "ETag";
    public const string Location = "Location";
    public const string Link = "Link";
    public const string RateLimit = "RateLimit";
    public const string RateLimitPolicy = "RateLimit-Policy";
    public const string RetryAfter = "Retry-After";
    public const string IdempotentReplayed = "Idempotent-Replayed";

    /// <summary>Adds the shared components to <paramref name="document"/>; safe to call more than once.</summary>
    public static void Register(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        var components = document.Components;
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        components.Parameters ??= new Dictionary<string, IOpenApiParameter>(StringComparer.Ordinal);
        components.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);

        components.Schemas[ActivePriority] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An active priority, as listed in a priority-limit problem.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["rank"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            },
            Required = new HashSet<string>(["id", "title", "rank"], StringComparer.Ordinal),
        };
        components.Schemas[Problem] = ProblemSchema(document);

        components.Parameters[IfMatch] = Header(IfMatch, "Makes the write conditional: the ETag of the version you read. A stale one is a 412.");
        components.Parameters[IfNoneMatch] = Header(IfNoneMatch, "The ETag you hold; an unchanged resource answers 304 with no body.");
        components.Parameters[IdempotencyKey] = new OpenApiParameter
        {
            Name = IdempotencyKey,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry safe: the same key with the same request within 24 h replays the first response " +
                "(with Idempotent-Replayed: true) instead of acting again. 1–255 visible ASCII characters, e.g. a UUID. " +
                "The same key with another request is a 422; while the first is still running, a 409.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyMiddleware.MaxKeyLength },
            Example = "6f0c1a52-calendar-sync",
        };

        components.Headers[ETag] = ResponseHeader("The version of the resource: send it in If-Match to update, or in If-None-Match to revalidate.", "\"3\"");
        components.Headers[Location] = new OpenApiHeader
        {
            Description = "The absolute URL of the created resource.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
        };
        components.Headers[Link] = ResponseHeader("The next page, as <…>; rel=\"next\", when there is one.", null);
        components.Headers[RateLimit] = ResponseHeader("What is left of each limit that applies (IETF RateLimit header draft).", null);
        components.Headers[RateLimitPolicy] = ResponseHeader("The limits that apply to this request (IETF RateLimit header draft).", null);
        components.Headers[RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
        };
        components.Headers[IdempotentReplayed] = new OpenApiHeader
        {
            Description = "Present (true) when this is the stored response of an earlier request with the same Idempotency-Key.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["true"] },
        };
    }

    /// <summary>
    /// RFC 9457 problem details, with every extension member the API writes. Only type, title and status are always
    /// present; the members below them appear with the problem types that use them.
    /// </summary>
    private static OpenApiSchema ProblemSchema(OpenApiDocument document)
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Integer, Format = "int32", Description = description };
        static OpenApiSchema Ids(string description) => new()
        {
            Type = JsonSchemaType.Array,
            Description = description,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        };

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An error (RFC 9457). Switch on type, a stable URI per kind of error.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "The kind of error, e.g. https://alliances.dev/problems/priority-limit-reached." },
                ["title"] = Text("A short summary of the kind of error."),
                ["status"] = Number("The HTTP status code."),
                ["detail"] = Text("What went wrong in this request, for people."),
                ["instance"] = Text("The request path."),
                ["traceId"] = Text("Quote it when reporting a problem: the logs carry the details under it."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Field errors, keyed by the JSON path of the field (openingHours[1].closes).",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["rule"] = Text("subdomain-invalid, subdomain-reserved: the rule the sub-domain breaks."),
                ["state"] = Text("invalid-state-transition: the alliance's current state."),
                ["from"] = Text("invalid-priority-transition: the priority's status."),
                ["to"] = Text("invalid-priority-transition: the status asked for."),
                ["action"] = Text("invalid-priority-transition: the action refused."),
                ["priorityStatus"] = Text("priority-not-an-idea, priority-not-deletable: the priority's status."),
                ["voteCount"] = Number("priority-not-deletable: the votes the priority has."),
                ["limit"] = Number("priority-limit-reached, priority-limit-below-active: the limit of active priorities."),
                ["mustAchieveOrDrop"] = Number("priority-limit-below-active: how many active priorities must be achieved or dropped first."),
                ["activePriorities"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "priority-limit-reached, priority-limit-below-active: the active priorities.",
                    Items = new OpenApiSchemaReference(ActivePriority, document),
                },
                ["missing"] = Ids("priority-order-mismatch: active priorities the order leaves out."),
                ["extra"] = Ids("priority-order-mismatch: ids that are not active priorities."),
                ["duplicated"] = Ids("priority-order-mismatch: ids listed more than once."),
            },
            Required = new HashSet<string>(["type", "title", "status"], StringComparer.Ordinal),
        };
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        Example = "\"3\"",
    };

    private static OpenApiHeader ResponseHeader(string description, string? example) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        Example = example,
    };
}
