using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Alliances.Api.Features.Spaces;
using RazorSlices;

namespace Alliances.Api.Pages;

/// <summary>
/// Renders a slice into a whole response: security headers on every page, and for cacheable pages an ETag over the
/// rendered bytes (so <c>If-None-Match</c> gets 304 however the page was put together) with a short public max-age,
/// because "open now" and "seats left" go stale within minutes.
/// </summary>
public static class HtmlPage
{
    /// <summary>No inline script or style anywhere: styles come from <c>/assets/site.css</c>, and there is no script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string CacheControl = "public, max-age=60";

    // Every Unicode letter stays readable in the source; markup characters (< > & " ') are still always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static async Task<IResult> RenderAsync(HttpContext http, RazorSlice slice, bool cacheable = true, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(slice);
        var html = await slice.RenderAsync(Encoder, http.RequestAborted);
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (cacheable && status == StatusCodes.Status200OK)
        {
            var etag = "\"page-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html)), 0, 16) + "\"";
            headers.ETag = etag;
            headers.CacheControl = CacheControl;
            if (EntityTags.IfNoneMatchHits(http.Request, etag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }
        else
        {
            // Forms carry a per-visitor anti-forgery token, and a claim result carries a secret: neither may be stored.
            headers.CacheControl = "no-store";
        }

        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>True when the caller asked for HTML (a browser); API clients that accept anything get problem+json.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }
}
