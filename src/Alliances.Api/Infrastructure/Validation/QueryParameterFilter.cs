namespace Alliances.Api.Infrastructure.Validation;

/// <summary>Rejects query parameters an endpoint does not know, so a typo in a filter is a 400, not a silently unfiltered list.</summary>
public sealed class QueryParameterFilter(IReadOnlySet<string> allowed) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        foreach (var key in context.HttpContext.Request.Query.Keys)
        {
            if (!allowed.Contains(key))
            {
                var known = allowed.Count == 0 ? "none" : string.Join(", ", allowed.Order(StringComparer.Ordinal));
                throw new InvalidRequestException(key, $"Unknown query parameter '{key}'. Known parameters: {known}.");
            }
        }

        return next(context);
    }
}

/// <summary>Declares the query parameters an endpoint accepts.</summary>
public static class QueryParameterFilterExtensions
{
    public static RouteHandlerBuilder AcceptsQuery(this RouteHandlerBuilder builder, params string[] parameters) =>
        builder
            .WithMetadata(new AcceptedQueryParameters(parameters))
            .AddEndpointFilter(new QueryParameterFilter(new HashSet<string>(parameters, StringComparer.Ordinal)));
}

/// <summary>Endpoint metadata naming the query parameters an endpoint accepts; the OpenAPI document describes them from it.</summary>
public sealed record AcceptedQueryParameters(IReadOnlyList<string> Names);
