using System.Net;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alliances.Api.Tests.Authorization;

/// <summary>An endpoint that says nothing about access is closed, not open.</summary>
public sealed class DeclaredPolicyGuardShould(ProbeEndpointsApi api) : IClassFixture<ProbeEndpointsApi>
{
    [Fact]
    public async Task Refuse403_AnEndpointThatDeclaresNeitherAPolicyNorAnonymousAccess_InTheRunningApi()
    {
        using var client = api.Platform(ApiFactory.OperatorKey);

        using var response = await client.GetAsync(ProbeEndpointsApi.UndeclaredPath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(ProbeEndpointsApi.Reached, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AProbeEndpointThatAllowsAnonymousAccess_SoTheProbesDoReachTheirHandlers()
    {
        using var client = api.Platform();

        using var response = await client.GetAsync(ProbeEndpointsApi.AnonymousPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProbeEndpointsApi.Reached, await response.Content.ReadAsStringAsync());
    }

    private static readonly Dictionary<string, object[]> MetadataOf = new()
    {
        ["no metadata at all"] = [],
        ["only a host scope"] = [new HostScopeMetadata(HostScope.Alliance)],
        ["AllowAnonymous"] = [new AllowAnonymousAttribute()],
        ["a policy"] = [new AuthorizeAttribute(Policies.Organizer)],
        ["Authorize without a policy"] = [new AuthorizeAttribute()],
    };

    [Theory]
    [InlineData("no metadata at all", false)]
    [InlineData("only a host scope", false)]
    [InlineData("AllowAnonymous", true)]
    [InlineData("a policy", true)]
    [InlineData("Authorize without a policy", true)]
    public async Task LetThroughOnlyEndpointsThatDeclareAccess(string declaration, bool declares)
    {
        var endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/v1/probe"), 0,
            new EndpointMetadataCollection(MetadataOf[declaration]), declaration);

        var (status, nextRan) = await RunGuardAsync(endpoint);

        Assert.Equal(declares, DeclaredPolicyGuard.DeclaresAccess(endpoint));
        Assert.Equal(declares, nextRan);
        Assert.Equal(declares ? 200 : 403, status);
    }

    [Fact]
    public async Task LetThroughRoutingsOwnRejectionEndpoints_AndRequestsWithNoEndpoint()
    {
        // Routing answers a wrong method or content type with a plain (non-route) endpoint that only writes the error.
        var methodNotAllowed = new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "405 HTTP Method Not Supported");

        Assert.True((await RunGuardAsync(methodNotAllowed)).NextRan);
        Assert.True((await RunGuardAsync(null)).NextRan);
    }

    private static async Task<(int Status, bool NextRan)> RunGuardAsync(Endpoint? endpoint)
    {
        var nextRan = false;
        var guard = new DeclaredPolicyGuard(_ =>
        {
            nextRan = true;
            return Task.CompletedTask;
        }, NullLogger<DeclaredPolicyGuard>.Instance);
        var context = new DefaultHttpContext();
        context.SetEndpoint(endpoint);

        await guard.InvokeAsync(context);

        return (context.Response.StatusCode, nextRan);
    }
}

/// <summary>
/// The API plus two probe endpoints on the apex, set by a startup filter ahead of routing (routing keeps an endpoint
/// that is already chosen): one that declares nothing about access, and one that allows anonymous access.
/// </summary>
public sealed class ProbeEndpointsApi : ApiFactory
{
    public const string UndeclaredPath = "/v1/probe/undeclared";
    public const string AnonymousPath = "/v1/probe/anonymous";
    public const string Reached = "the probe handler ran";

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IStartupFilter, ProbeEndpoints>();

    private sealed class ProbeEndpoints : IStartupFilter
    {
        private static readonly Endpoint Undeclared = Probe(UndeclaredPath);
        private static readonly Endpoint Anonymous = Probe(AnonymousPath, new AllowAnonymousAttribute());

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var probe = context.Request.Path.Value switch
                {
                    UndeclaredPath => Undeclared,
                    AnonymousPath => Anonymous,
                    _ => null,
                };
                if (probe is not null)
                {
                    context.SetEndpoint(probe);
                }

                return nextMiddleware(context);
            });
            next(app);
        };

        private static RouteEndpoint Probe(string path, params object[] metadata) =>
            new(context => context.Response.WriteAsync(Reached), RoutePatternFactory.Parse(path), 0,
                new EndpointMetadataCollection([new HttpMethodMetadata(["GET"]), .. metadata]), "Probe " + path);
    }
}
