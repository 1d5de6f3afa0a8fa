using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// The last pass over the document, so a generated client reads the wire as it is:
/// <list type="bullet">
/// <item>a property that is one reference is a plain <c>$ref</c>; a nullable one keeps <c>allOf</c> and gets the
/// referenced <c>type</c> beside <c>nullable</c>, which OpenAPI 3.0 needs;</item>
/// <item>every property of a response schema is <c>required</c>: the serializer writes every member, null or not;</item>
/// <item>schemas nothing refers to any more (Swashbuckle's two problem classes) are dropped, and tags get descriptions.</item>
/// </list>
/// </summary>
/// <remarks>
/// The document stays OpenAPI 3.0: Swashbuckle's 3.1 output is less widely read (NSwag, the C# generator most .NET
/// integrators use, reads 3.0 best), and 3.0 with <c>type</c> beside <c>nullable</c> passes Redocly's recommended rules.
/// </remarks>
public sealed class ContractDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Platform"] = "The platform host (the apex): claim a sub-domain, list alliances, check availability; operator actions.",
        ["Alliance"] = "The alliance's own profile and settings, on its host.",
        ["Spaces"] = "The member spaces of the alliance, and their SpaceAPI documents.",
        ["API keys"] = "Keys of the alliance: organizer, space owner and integration keys. A key is shown once, at creation.",
        ["Priorities"] = "The alliance's short list of shared priorities: ideas, votes, promotion, and the limit of active ones.",
        ["Meetings"] = "Meetings and series, agendas, RSVPs, attendance, minutes, and the calendar feeds.",
        ["Webhooks"] = "Subscriptions that receive signed events, their deliveries, and test pings.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        ContractComponents.Register(swaggerDoc);
        var schemas = swaggerDoc.Components!.Schemas!;

        foreach (var schema in schemas.Values.OfType<OpenApiSchema>().ToList())
        {
            Simplify(schema, schemas);
        }

        foreach (var operation in Operations(swaggerDoc))
        {
            foreach (var media in MediaTypes(operation))
            {
                if (media.Schema is OpenApiSchema { AllOf: [OpenApiSchemaReference only], Properties: null or { Count: 0 } } wrapper &&
                    !IsNullable(wrapper))
                {
                    media.Schema = only;
                }
            }
        }

        var requestSchemas = Reachable(Operations(swaggerDoc).SelectMany(o => o.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()).Select(m => m.Schema), schemas);
        foreach (var (name, schema) in schemas)
        {
            if (!requestSchemas.Contains(name) && schema is OpenApiSchema { Properties.Count: > 0 } response)
            {
                response.Required = new HashSet<string>(response.Properties.Keys, StringComparer.Ordinal);
            }
        }

        var used = Reachable(Operations(swaggerDoc).SelectMany(AllSchemas), schemas);
        foreach (var name in schemas.Keys.Where(n => !used.Contains(n)).ToList())
        {
            schemas.Remove(name);
        }

        var tags = Operations(swaggerDoc).SelectMany(o => o.Tags ?? Enumerable.Empty<OpenApiTagReference>()).Select(t => t.Reference.Id).OfType<string>().Distinct(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(tags.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
        {
            Name = name,
            Description = TagDescriptions.GetValueOrDefault(name, name),
        }));
    }

    /// <summary>Rewrites one-reference <c>allOf</c> wrappers under <paramref name="schema"/> (see the class summary).</summary>
    private static void Simplify(OpenApiSchema schema, IDictionary<string, IOpenApiSchema> schemas)
    {
        if (schema.Properties is { } properties)
        {
            foreach (var name in properties.Keys.ToList())
            {
                properties[name] = Unwrap(properties[name], schemas);
            }
        }

        if (schema.Items is not null)
        {
            schema.Items = Unwrap(schema.Items, schemas);
        }

        if (schema.AdditionalProperties is not null)
        {
            schema.AdditionalProperties = Unwrap(schema.AdditionalProperties, schemas);
        }
    }

    private static IOpenApiSchema Unwrap(IOpenApiSchema schema, IDictionary<string, IOpenApiSchema> schemas)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return schema;
        }

        if (concrete is { AllOf: [OpenApiSchemaReference reference], Properties: null or { Count: 0 } })
        {
            if (!IsNullable(concrete))
            {
                return reference;
            }

            var target = reference.Reference.Id is { } id && schemas.TryGetValue(id, out var found) ? found.Type : null;
            concrete.Type = (target ?? JsonSchemaType.Object) | JsonSchemaType.Null;
            return concrete;
        }

        Simplify(concrete, schemas);
        return concrete;
    }

    private static bool IsNullable(OpenApiSchema schema) => schema.Type is { } type && type.HasFlag(JsonSchemaType.Null);

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());

    private static IEnumerable<OpenApiMediaType> MediaTypes(OpenApiOperation operation) =>
        (operation.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
            .Concat((operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()));

    private static IEnumerable<IOpenApiSchema?> AllSchemas(OpenApiOperation operation) =>
        MediaTypes(operation).Select(m => m.Schema)
            .Concat((operation.Parameters ?? Enumerable.Empty<IOpenApiParameter>()).Select(p => p.Schema))
            .Concat((operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Headers?.Values ?? Enumerable.Empty<IOpenApiHeader>()).Select(h => h.Schema));

    /// <summary>The names of the component schemas reachable from <paramref name="roots"/>, through properties, items and compositions.</summary>
    private static HashSet<string> Reachable(IEnumerable<IOpenApiSchema?> roots, IDictionary<string, IOpenApiSchema> schemas)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && seen.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var child in (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>()).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? [])
                         .Append(schema.Items).Append(schema.AdditionalProperties).OfType<IOpenApiSchema>())
            {
                pending.Push(child);
            }
        }

        return seen;
    }
}
