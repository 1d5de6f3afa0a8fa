using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Alliances.Api.Infrastructure.Idempotency;

/// <summary>
/// Recognises a creating <c>POST</c>: one that declares a 201 response, or whose handler's typed result includes
/// <see cref="Created{TValue}"/>. New creating routes are covered without anyone remembering to opt in.
/// </summary>
public static class CreatingEndpoints
{
    private static readonly ConcurrentDictionary<Endpoint, bool> Known = new();

    public static bool IsCreatingPost(Endpoint? endpoint) =>
        endpoint is not null && Known.GetOrAdd(endpoint, static e =>
            e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase) == true &&
            (e.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status201Created) ||
             e.Metadata.OfType<MethodInfo>().Any(m => MentionsCreated(m.ReturnType))));

    private static bool MentionsCreated(Type type) =>
        type == typeof(Created) || type == typeof(CreatedAtRoute) ||
        (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Created<>) || type.GetGenericTypeDefinition() == typeof(CreatedAtRoute<>) ||
                                type.GetGenericArguments().Any(MentionsCreated)));
}
