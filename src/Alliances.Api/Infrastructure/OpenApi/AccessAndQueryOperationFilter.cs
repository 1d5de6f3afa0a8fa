using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Adds what Swashbuckle cannot see in minimal-API metadata: the bearer requirement of protected operations, and the
/// query parameters an endpoint accepts through custom binders (<c>limit</c>, <c>cursor</c>, filters). Without it a
/// generated client would have no way to page or to authenticate.
/// </summary>
public sealed class AccessAndQueryOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [],
            });
        }

        var accepted = metadata.OfType<AcceptedQueryParameters>().FirstOrDefault();
        if (accepted is null)
        {
            return;
        }

        operation.Parameters ??= [];
        foreach (var name in accepted.Names)
        {
            if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Query))
            {
                continue;
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = Describe(name),
                Schema = new OpenApiSchema { Type = name == "limit" ? JsonSchemaType.Integer : JsonSchemaType.String },
            });
        }
    }

    private static string Describe(string name) => name switch
    {
        "limit" => "Page size, 1–100 (default 20).",
        "cursor" => "The nextCursor of the previous page; opaque.",
        _ => $"Filter: {name}.",
    };
}
