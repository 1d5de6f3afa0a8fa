using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Gives every PATCH body its own merge-patch schema (<c>SpaceWrite</c> → <c>SpacePatch</c>): every member optional,
/// <c>null</c> allowed where it removes an optional member, nested objects patched the same way (they merge; arrays are
/// replaced whole), under <c>application/merge-patch+json</c> and <c>application/json</c>. Runs before
/// <see cref="ContractDocumentFilter"/>, which then tidies the references it writes.
/// </summary>
/// <remarks>
/// The handlers bind the body as a <c>JsonElement</c> (they merge it themselves), so Swashbuckle alone would type it as
/// anything; as an operation filter this class first puts the write type named by <c>AcceptsMergePatch&lt;T&gt;</c> there
/// (the last accepts metadata; the first is the inferred <c>JsonElement</c>).
/// </remarks>
public sealed class MergePatchDocumentFilter : IDocumentFilter, IOperationFilter
{
    public const string MergePatchJson = "application/merge-patch+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var written = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>()
            .Select(a => a.RequestType).LastOrDefault(t => t is not null && t != typeof(System.Text.Json.JsonElement));
        if (!HttpMethods.IsPatch(context.ApiDescription.HttpMethod ?? "") || written is null || operation.RequestBody is not OpenApiRequestBody body)
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(written, context.SchemaRepository);
        body.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            [MergePatchJson] = new() { Schema = schema },
            ["application/json"] = new() { Schema = schema },
        };
    }

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        var schemas = swaggerDoc.Components?.Schemas;
        if (schemas is null || swaggerDoc.Paths is null)
        {
            return;
        }

        foreach (var item in swaggerDoc.Paths.Values)
        {
            if (item.Operations is null || !item.Operations.TryGetValue(HttpMethod.Patch, out var operation) ||
                operation.RequestBody is not OpenApiRequestBody { Content: { } content } body)
            {
                continue;
            }

            var id = content.Values.Select(m => ReferenceId(m.Schema)).FirstOrDefault(i => i is not null);
            if (id is null)
            {
                continue;
            }

            var patch = PatchOf(id, schemas, swaggerDoc);
            body.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [MergePatchJson] = new() { Schema = new OpenApiSchemaReference(patch, swaggerDoc) },
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(patch, swaggerDoc) },
            };
        }
    }

    private static string? ReferenceId(IOpenApiSchema? schema) => schema switch
    {
        OpenApiSchemaReference reference => reference.Reference.Id,
        OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } => reference.Reference.Id,
        _ => null,
    };

    private static string PatchOf(string id, IDictionary<string, IOpenApiSchema> schemas, OpenApiDocument document)
    {
        if (!schemas.TryGetValue(id, out var found) || found is not OpenApiSchema { Properties.Count: > 0 } source)
        {
            return id;
        }

        var patchId = id.EndsWith("Write", StringComparison.Ordinal) ? id[..^"Write".Length] + "Patch" : id + "Patch";
        if (schemas.ContainsKey(patchId))
        {
            return patchId;
        }

        var patch = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"A JSON Merge Patch (RFC 7396) of {id}: send only what changes; null removes an optional member; " +
                "objects merge, arrays are replaced whole.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            AdditionalPropertiesAllowed = source.AdditionalPropertiesAllowed,
            AdditionalProperties = source.AdditionalProperties,
        };
        schemas[patchId] = patch;
        foreach (var (name, property) in source.Properties!)
        {
            var clears = source.Required is null || !source.Required.Contains(name);
            patch.Properties[name] = PatchProperty(property, clears, schemas, document);
        }

        return patchId;
    }

    private static IOpenApiSchema PatchProperty(IOpenApiSchema property, bool nullable, IDictionary<string, IOpenApiSchema> schemas, OpenApiDocument document)
    {
        if (ReferenceId(property) is { } id && (property is OpenApiSchemaReference || property.Properties is null or { Count: 0 }))
        {
            return new OpenApiSchema
            {
                AllOf = [new OpenApiSchemaReference(PatchOf(id, schemas, document), document)],
                Type = nullable ? JsonSchemaType.Null : null,
            };
        }

        if (property is OpenApiSchema concrete && concrete.CreateShallowCopy() is OpenApiSchema copy)
        {
            if (copy.Type is { } type)
            {
                copy.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
            }

            return copy;
        }

        return property;
    }
}
