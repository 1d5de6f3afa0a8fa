using System.Security.Cryptography;
using Alliances.Api.Features.Spaces;
using Alliances.Tenancy.Endpoints;

namespace Alliances.Api.Pages;

/// <summary>
/// The stylesheet and the default SpaceAPI logo, embedded in the assembly and served on every host without tenant
/// resolution (they are the same for everyone). Each has a content-hash ETag and a day of caching.
/// </summary>
public static class StaticAssets
{
    private static readonly Asset Css = Asset.Load("Alliances.Api.Pages.Assets.site.css", "text/css; charset=utf-8");
    private static readonly Asset Logo = Asset.Load("Alliances.Api.Pages.Assets.default-space-logo.png", "image/png");

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/assets/site.css", (HttpContext http) => Css.Serve(http))
            .OnEveryHostWithoutTenant().AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(SpaceApiDocument.DefaultLogoPath, (HttpContext http) => Logo.Serve(http))
            .OnEveryHostWithoutTenant().AllowAnonymous().ExcludeFromDescription();
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag)
    {
        public static Asset Load(string name, string contentType)
        {
            using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            return new Asset(bytes, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 16) + "\"");
        }

        public IResult Serve(HttpContext http)
        {
            http.Response.Headers.ETag = ETag;
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return EntityTags.IfNoneMatchHits(http.Request, ETag)
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(Bytes, ContentType);
        }
    }
}
