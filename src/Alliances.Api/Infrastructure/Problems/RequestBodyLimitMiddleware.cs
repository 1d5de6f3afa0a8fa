using Microsoft.AspNetCore.Http.Features;

namespace Alliances.Api.Infrastructure.Problems;

/// <summary>
/// Caps request bodies at 1 MiB. Kestrel enforces the same limit while streaming (chunked bodies included); this
/// middleware rejects a declared Content-Length up front, and counts the bytes of undeclared bodies itself on servers
/// that have no such limit.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBodyBytes = 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        else if (context.Request.ContentLength is null)
        {
            // No server-side limit to lean on (a test server, or the feature already locked): count bytes ourselves.
            context.Request.Body = new LengthLimitedStream(context.Request.Body, MaxBodyBytes);
        }

        return next(context);
    }
}
