using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Alliances.Api.Platform.Demo;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Alliances.Api.Tests.Pages;

/// <summary>Fetching pages as a browser would (Accept: text/html), parsing them, and following their links.</summary>
public static class PageKit
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsStrictMode = false });

    /// <summary>Seeds the demo alliance <c>seattle</c> as Development does; a no-op when it exists.</summary>
    public static async Task SeedSeattleAsync(ApiFactory api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var seeder = new DemoAllianceSeeder(
            new HostingEnvironment { EnvironmentName = Environments.Development },
            api.Services.GetRequiredService<IAllianceCatalogStore>(),
            api.Services.GetRequiredService<AllianceProvisioner>(),
            api.Services.GetRequiredService<TenantScopeFactory>(),
            new ConfigurationBuilder().Build());
        await seeder.SeedAsync(CancellationToken.None);
    }

    public static HttpClient Browser(ApiFactory api, string host)
    {
        ArgumentNullException.ThrowIfNull(api);
        var client = api.ClientFor(host);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }

    /// <summary>GETs a page, asserts a 200 HTML answer, and returns the raw text and the parsed document.</summary>
    public static async Task<(string Html, IDocument Document, HttpResponseMessage Response)> GetPageAsync(HttpClient browser, string path)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (html, Parse(html), response);
    }

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>
    /// Follows every link and stylesheet of a page that points at the platform (the apex or an alliance host; other sites
    /// are not ours to test) and returns those that do not answer 200, one redirect followed.
    /// </summary>
    public static async Task<List<string>> BrokenLinksAsync(ApiFactory api, string pageHost, IDocument document)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(document);
        var broken = new List<string>();
        var targets = document.QuerySelectorAll("a[href], link[href]").Select(e => e.GetAttribute("href")!).Distinct().ToList();
        Assert.NotEmpty(targets);
        foreach (var href in targets)
        {
            if (href.StartsWith('#'))
            {
                Assert.NotNull(document.GetElementById(href[1..]));
                continue;
            }

            var uri = new Uri(new Uri($"https://{pageHost}/"), href);
            if (uri.Scheme == "webcal")
            {
                uri = new UriBuilder(uri) { Scheme = "https", Port = -1 }.Uri;
            }

            if (uri.Host != ApiFactory.Apex && !uri.Host.EndsWith("." + ApiFactory.Apex, StringComparison.Ordinal))
            {
                continue;
            }

            using var client = api.ClientFor(uri.Host);
            using var response = await client.GetAsync(uri.PathAndQuery);
            var status = response.StatusCode;
            if ((int)status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                using var followed = await client.GetAsync(new Uri(uri, location).PathAndQuery);
                status = followed.StatusCode;
            }

            if (status != HttpStatusCode.OK)
            {
                broken.Add($"{href} → {(int)status}");
            }
        }

        return broken;
    }
}
