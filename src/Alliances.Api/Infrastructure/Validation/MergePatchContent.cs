using Alliances.Api.Infrastructure.Problems;
using Microsoft.Net.Http.Headers;

namespace Alliances.Api.Infrastructure.Validation;

/// <summary>
/// PATCH bodies are JSON Merge Patch (RFC 7396): <c>application/merge-patch+json</c>, or plain <c>application/json</c>
/// read the same way. Minimal APIs read any <c>+json</c> type as JSON, so a JSON Patch (<c>application/json-patch+json</c>,
/// RFC 6902) would be applied as a merge patch of its array; it is a 415 instead.
/// </summary>
public static class MergePatchContent
{
    public const string MediaType = "application/merge-patch+json";

    public static RouteHandlerBuilder AcceptsMergePatch<T>(this RouteHandlerBuilder builder)
        where T : notnull =>
        builder.Accepts<T>(MediaType, "application/json").AddEndpointFilter(RefuseOtherMediaTypesAsync);

    private static async ValueTask<object?> RefuseOtherMediaTypesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (MediaTypeHeaderValue.TryParse(context.HttpContext.Request.ContentType, out var contentType) &&
            (contentType.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) ||
             contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return await next(context);
        }

        return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type",
            $"A PATCH body is a JSON Merge Patch: send it as {MediaType} (or application/json). JSON Patch " +
            "(application/json-patch+json) is not supported.");
    }
}
