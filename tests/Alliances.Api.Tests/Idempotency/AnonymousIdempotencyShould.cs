using System.Security.Claims;
using System.Text;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Idempotency;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Isolation;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alliances.Api.Tests.Idempotency;

/// <summary>
/// Callers without a key share one key id (<see cref="Guid.Empty"/>), so their Idempotency-Keys are one space per
/// alliance (docs/security.md, "Idempotency keys of anonymous callers"). No alliance POST is anonymous today
/// (authorization answers 401 before the middleware), so the middleware is driven directly, on the real database.
/// </summary>
public sealed class AnonymousIdempotencyShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ShareOneKeySpacePerAlliance_AmongAnonymousCallers_ApartFromKeyedCallersAndOtherAlliances()
    {
        var tenant = await IsolationDb.TenantOfAsync(api.Database, await api.ClaimAsync());
        var other = await IsolationDb.TenantOfAsync(api.Database, await api.ClaimAsync());
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(tenant, key, """{"n":1}""", run: 1);
        // Another anonymous caller that happens to pick the same key: the first caller's answer, not a run of its own.
        var sameBody = await PostAsync(tenant, key, """{"n":1}""", run: 2);
        var otherBody = await PostAsync(tenant, key, """{"n":2}""", run: 3);
        // A keyed caller, or an anonymous caller of another alliance, with the same key: a key space of its own.
        var keyed = await PostAsync(tenant, key, """{"n":1}""", run: 4, keyId: Guid.CreateVersion7());
        var elsewhere = await PostAsync(other, key, """{"n":1}""", run: 5);

        Assert.Equal((201, "run 1", false), first);
        Assert.Equal((201, "run 1", true), sameBody);
        Assert.Equal(422, otherBody.Status);
        Assert.Contains("idempotency-key-reused", otherBody.Body, StringComparison.Ordinal);
        Assert.Equal((201, "run 4", false), keyed);
        Assert.Equal((201, "run 5", false), elsewhere);
    }

    /// <summary>One POST through the middleware, in the alliance's scope; the handler answers 201 "run {run}".</summary>
    private async Task<(int Status, string Body, bool Replayed)> PostAsync(TenantContext tenant, string key, string body, int run, Guid? keyId = null)
    {
        await using var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant);
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.Path = "/v1/things";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.Headers[IdempotencyMiddleware.HeaderName] = key;
        context.Response.Body = new MemoryStream();
        if (keyId is { } id)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AllianceClaims.KeyId, id.ToString())], "test"));
            context.Request.Headers.Authorization = "Bearer alk_" + id.ToString("N");
        }

        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/v1/things"), 0, null, "things"));
        var middleware = new IdempotencyMiddleware(async http =>
        {
            http.Response.StatusCode = 201;
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync($"run {run}");
        }, TimeProvider.System, NullLogger<IdempotencyMiddleware>.Instance);

        await middleware.InvokeAsync(context, scope.ServiceProvider.GetRequiredService<ITenantContextAccessor>(),
            scope.ServiceProvider.GetRequiredService<AllianceDbContext>(), scope.ServiceProvider.GetRequiredService<IProblemDetailsService>());

        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, text, context.Response.Headers[IdempotencyMiddleware.ReplayedHeader] == "true");
    }
}
