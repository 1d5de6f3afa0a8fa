using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Declares what every operation can answer beyond its own results, from the middleware in front of it: the problem
/// statuses (401/403 for keyed routes, 404/403 for an unknown or suspended alliance, 413/415 for bodies, 409/422 from
/// idempotency, 429 from the rate limits, 503 from the database), all with the one Problem schema; and the headers it
/// reads and writes (If-Match, If-None-Match; ETag, Location, Link, RateLimit, Retry-After, Idempotent-Replayed).
/// </summary>
public sealed class ResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Document;
        ContractComponents.Register(document);
        var description = context.ApiDescription;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "";
        var keyed = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var onAlliance = metadata.OfType<HostScopeMetadata>().Any(m => m.Scope == HostScope.Alliance);
        var idempotent = onAlliance && HttpMethods.IsPost(method);
        var paged = metadata.OfType<AcceptedQueryParameters>().Any(q => q.Names.Contains("cursor"));
        operation.Responses ??= new OpenApiResponses();
        var revalidates = operation.Responses.ContainsKey("304");
        var conditional = operation.Responses.ContainsKey("412");

        operation.Parameters ??= [];
        if (revalidates)
        {
            operation.Parameters.Add(new OpenApiParameterReference(ContractComponents.IfNoneMatch, document));
        }

        if (conditional)
        {
            operation.Parameters.Add(new OpenApiParameterReference(ContractComponents.IfMatch, document));
        }

        Problem(operation, 400);
        if (keyed)
        {
            Problem(operation, 401);
            Problem(operation, 403);
        }

        if (onAlliance)
        {
            Problem(operation, 403);
            Problem(operation, 404);
        }

        if (operation.RequestBody is not null)
        {
            Problem(operation, 413);
            Problem(operation, 415);
        }

        if (idempotent)
        {
            AddHeader(Problem(operation, 409), ContractComponents.RetryAfter, document);
            Problem(operation, 422);
        }

        AddHeader(Problem(operation, 429), ContractComponents.RetryAfter, document);
        AddHeader(Problem(operation, 503), ContractComponents.RetryAfter, document);

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var code = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
            if (code >= 400)
            {
                concrete.Description = ProblemDescription(code, concrete.Description);
                concrete.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ContractComponents.Problem, document) },
                };
            }

            if (code is >= 200 and < 300 || code == 429)
            {
                AddHeader(concrete, ContractComponents.RateLimit, document);
                AddHeader(concrete, ContractComponents.RateLimitPolicy, document);
            }

            if (code is >= 200 and < 300 && concrete.Content is { Count: > 0 } && (revalidates || conditional))
            {
                AddHeader(concrete, ContractComponents.ETag, document);
            }

            if (code == 304)
            {
                AddHeader(concrete, ContractComponents.ETag, document);
            }

            if (code == 201)
            {
                AddHeader(concrete, ContractComponents.Location, document);
            }

            if (code == 200 && paged)
            {
                AddHeader(concrete, ContractComponents.Link, document);
            }

            if (code is >= 200 and < 300 && idempotent)
            {
                AddHeader(concrete, ContractComponents.IdempotentReplayed, document);
            }
        }

        var sorted = new OpenApiResponses();
        foreach (var (status, response) in operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sorted[status] = response;
        }

        operation.Responses = sorted;
    }

    private static OpenApiResponse Problem(OpenApiOperation operation, int status)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse response)
        {
            return response;
        }

        response = new OpenApiResponse { Description = ProblemDescription(status, null) };
        operation.Responses[key] = response;
        return response;
    }

    private static void AddHeader(OpenApiResponse response, string name, OpenApiDocument document)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        response.Headers[name] = new OpenApiHeaderReference(name, document);
    }

    /// <summary>What the status means in this API; a description an endpoint wrote itself is kept.</summary>
    private static string ProblemDescription(int status, string? current)
    {
        var standard = status switch
        {
            400 => "Invalid input: a field, a query parameter or a header (errors names each field).",
            401 => "No key, or an unknown or revoked one.",
            403 => "The key's role may not do this, or the alliance is suspended.",
            404 => "No such resource in this alliance, or no such alliance.",
            409 => "The request conflicts with the resource's state, or the same Idempotency-Key is still being processed.",
            412 => "If-Match does not match the current version: read it again and retry.",
            413 => "The body is larger than 1 MiB.",
            415 => "The body's Content-Type is not one this operation accepts.",
            422 => "Well-formed but impossible, or an Idempotency-Key reused for a different request.",
            429 => "Over a rate limit: retry after Retry-After seconds.",
            503 => "The database is unavailable for a moment: retry after Retry-After seconds.",
            _ => "An error.",
        };
        // Swashbuckle's defaults are the bare reason phrases ("Bad Request"); those say less than the standard text.
        return string.IsNullOrWhiteSpace(current) || current == ReasonPhrase(status) ? standard : current;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
