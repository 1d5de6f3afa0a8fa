using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Alliances.Api.Infrastructure.Browsers;

/// <summary>
/// What browsers may do. The public reads of an alliance (every anonymous GET: the profile, spaces, meetings, calendar
/// feeds, SpaceAPI, priorities) answer any origin with <c>Access-Control-Allow-Origin: *</c> and no credentials, so a
/// member space's website can show them. Nothing else is opened: a keyed call from a page would put the key in that
/// page, so writes and keyed reads get no CORS headers and a browser refuses them. Per-alliance origin lists were left
/// out until an alliance asks (see docs/browsers.md).
/// </summary>
public static class BrowserAccess
{
    public const string PublicReadsPolicy = "public-reads";

    /// <summary>Headers a page's script may read: the ones a read answers with beyond the CORS-safelisted set.</summary>
    private static readonly string[] ExposedHeaders = ["ETag", "Link", "RateLimit", "RateLimit-Policy", "Retry-After"];

    /// <summary>Request headers a page may send on a public read: conditional GETs, nothing that carries a key.</summary>
    private static readonly string[] AllowedHeaders = ["If-None-Match", "Accept", "Accept-Language"];

    public static IServiceCollection AddAlliancesBrowserAccess(this IServiceCollection services) =>
        services.AddCors(options => options.AddPolicy(PublicReadsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

    /// <summary>
    /// HEAD is served by the GET endpoint (minimal APIs map GET only): the request is routed as a GET and the method is
    /// restored before the response starts, so the server sends the GET's status and headers without a body. Must run
    /// before routing.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            context.Request.Method = HttpMethods.Get;
            context.Response.OnStarting(() =>
            {
                context.Request.Method = HttpMethods.Head;
                return Task.CompletedTask;
            });
            // Kestrel drops a HEAD response's body once the method is restored; the in-memory test server does not, so
            // the body is discarded here as well.
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });

    /// <summary>
    /// Opens every anonymous GET of <paramref name="group"/> to browsers (run with <c>Finally</c>, after the endpoints'
    /// own conventions such as <c>AllowAnonymous</c>). The method metadata is replaced so that routing also matches the
    /// CORS preflight (an OPTIONS) to the endpoint, which the CORS middleware then answers with 204.
    /// </summary>
    public static TBuilder OpenPublicReadsToBrowsers<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        group.Finally(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault();
            var anonymous = endpoint.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
            if (!anonymous || methods is null || !methods.HttpMethods.Contains(HttpMethods.Get))
            {
                return;
            }

            endpoint.Metadata.Add(new HttpMethodMetadata(methods.HttpMethods, acceptCorsPreflight: true));
            endpoint.Metadata.Add(new EnableCorsAttribute(PublicReadsPolicy));
        });
        return group;
    }

    /// <summary>The CORS middleware: after routing (it reads the endpoint's policy), before tenancy, limits and auth, so a
    /// preflight is answered without a key and a 404 or 429 of a public read still carries the CORS headers.</summary>
    public static IApplicationBuilder UseAlliancesBrowserAccess(this IApplicationBuilder app) => app.UseCors();
}
