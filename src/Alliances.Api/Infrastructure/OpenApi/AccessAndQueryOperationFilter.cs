using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Adds what Swashbuckle cannot see in minimal-API metadata: the security requirement of every operation, and the
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

        // Every operation says how it is reached, so no client guesses: an anonymous read is [{}] (no key needed),
        // a keyed route the alliance's bearer key, an operator route the operator's own key.
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var anonymous = authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any();
        var requirement = new OpenApiSecurityRequirement();
        if (!anonymous)
        {
            var scheme = authorize.Any(a => a.Policy == Policies.Operator) ? OpenApiSetup.OperatorScheme : OpenApiSetup.BearerScheme;
            requirement[new OpenApiSecuritySchemeReference(scheme, context.Document)] = [];
        }

        operation.Security = [requirement];

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
