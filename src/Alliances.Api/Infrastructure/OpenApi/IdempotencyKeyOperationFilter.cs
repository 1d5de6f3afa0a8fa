using Alliances.Api.Infrastructure.Idempotency;
using Alliances.Tenancy.Endpoints;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Declares the optional <c>Idempotency-Key</c> header on every POST of an alliance host, the operations that
/// <see cref="IdempotencyMiddleware"/> serves, so a generated client can send it. The middleware reads the header
/// itself, so Swashbuckle never sees it among the handler's parameters.
/// </summary>
public sealed class IdempotencyKeyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.ApiDescription;
        var onAllianceHost = description.ActionDescriptor.EndpointMetadata.OfType<HostScopeMetadata>().Any(m => m.Scope == HostScope.Alliance);
        if (!onAllianceHost || !string.Equals(description.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameterReference(ContractComponents.IdempotencyKey, context.Document));
    }
}
