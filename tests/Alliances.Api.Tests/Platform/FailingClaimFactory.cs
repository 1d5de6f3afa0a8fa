using System.Collections.Concurrent;
using System.Text.Json;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alliances.Api.Tests.Platform;

/// <summary>
/// The API with a provisioning observer that throws after a chosen step, for claims of labels that start with
/// <see cref="Marker"/> and were armed with <see cref="FailOnce"/>. Every other claim provisions normally.
/// </summary>
public sealed class FailingClaimFactory : ApiFactory
{
    public const string Marker = "boom";

    internal const string SubdomainItem = "test.claim.subdomain";

    private readonly ConcurrentDictionary<string, ProvisioningStep> _armed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProvisioningStep>> _seen = new(StringComparer.Ordinal);

    /// <summary>A fresh label carrying the marker.</summary>
    public static string NewMarkedSubdomain() => NewSubdomain(Marker);

    /// <summary>The next claim of <paramref name="subdomain"/> fails right after <paramref name="step"/>; later ones succeed.</summary>
    public void FailOnce(string subdomain, ProvisioningStep step)
    {
        if (!subdomain.StartsWith(Marker, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only labels starting with '{Marker}' can be made to fail.", nameof(subdomain));
        }

        _armed[subdomain] = step;
    }

    /// <summary>The steps the provisioner reported for claims of this label, in order, over all attempts.</summary>
    public IReadOnlyList<ProvisioningStep> StepsSeen(string subdomain) =>
        _seen.TryGetValue(subdomain, out var steps) ? [.. steps] : [];

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<IStartupFilter, CaptureClaimedSubdomain>();
        services.RemoveAll<IProvisioningObserver>();
        services.AddSingleton<IProvisioningObserver>(provider => new FailingObserver(this, provider.GetRequiredService<IHttpContextAccessor>()));
    }

    private ValueTask OnStepAsync(string subdomain, ProvisioningStep step)
    {
        _seen.GetOrAdd(subdomain, _ => new ConcurrentQueue<ProvisioningStep>()).Enqueue(step);
        if (_armed.TryGetValue(subdomain, out var failAt) && failAt == step && _armed.TryRemove(new(subdomain, failAt)))
        {
            throw new InjectedProvisioningFailureException($"Injected failure after {step} while claiming {subdomain}.");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The observer is told only the step; the label comes from the request being served.</summary>
    private sealed class FailingObserver(FailingClaimFactory factory, IHttpContextAccessor http) : IProvisioningObserver
    {
        public ValueTask StepCompletedAsync(ProvisioningStep step, CancellationToken cancellationToken) =>
            http.HttpContext?.Items[SubdomainItem] is string subdomain && subdomain.StartsWith(Marker, StringComparison.Ordinal)
                ? factory.OnStepAsync(subdomain, step)
                : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Reads the label of a claim before the endpoint does (the body is buffered and rewound), and leaves it in
    /// <see cref="HttpContext.Items"/> for the observer, folded the way the endpoint folds it.
    /// </summary>
    private sealed class CaptureClaimedSubdomain : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/v1/alliances", StringComparison.Ordinal))
                {
                    context.Request.EnableBuffering();
                    try
                    {
                        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                        if (body.RootElement.ValueKind == JsonValueKind.Object &&
                            body.RootElement.TryGetProperty("subdomain", out var label) && label.ValueKind == JsonValueKind.String)
                        {
                            context.Items[SubdomainItem] = label.GetString()!.Trim().ToLowerInvariant();
                        }
                    }
                    catch (JsonException)
                    {
                        // Not JSON: the endpoint will say so; there is nothing to arm.
                    }

                    context.Request.Body.Position = 0;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The failure the tests inject; nothing in the API knows this type, so it must surface as a plain 500.</summary>
public sealed class InjectedProvisioningFailureException : Exception
{
    public InjectedProvisioningFailureException()
    {
    }

    public InjectedProvisioningFailureException(string message) : base(message)
    {
    }

    public InjectedProvisioningFailureException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
