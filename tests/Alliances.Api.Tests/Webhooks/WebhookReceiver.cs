using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver (Kestrel on 127.0.0.1, a random port) whose answer per request a test programs. It records
/// requests of every method, so a redirect that was followed as a GET would still be seen.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Given the 1-based number of the request to this path, what to do: a status, after an optional delay.</summary>
    public Func<string, int, (int Status, TimeSpan Delay)> Behaviour { get; set; } = (_, _) => (200, TimeSpan.Zero);

    /// <summary>
    /// Given the path, whether to answer with a body that breaks off: a Content-Length longer than what is written, so
    /// Kestrel closes the connection after the status, the headers and the start of the body. (HttpContext.Abort()
    /// instead would race: it drops whatever output is not sent yet, here the headers too, and the sender then sees a
    /// failed request rather than a broken body.)
    /// </summary>
    public Func<string, bool> BreaksOffBody { get; set; } = _ => false;

    /// <summary>The <c>Location</c> header to answer with, per path (for a programmed 3xx).</summary>
    public ConcurrentDictionary<string, string> Locations { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The most requests to one path that were in progress at the same moment.</summary>
    public ConcurrentDictionary<string, int> MostInFlight { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var counts = new ConcurrentDictionary<string, int>();
        var inFlight = new ConcurrentDictionary<string, int>();
        app.Map("/{**path}", async (HttpContext context) =>
        {
            var path = context.Request.Path.Value ?? "";
            var now = inFlight.AddOrUpdate(path, 1, (_, c) => c + 1);
            receiver.MostInFlight.AddOrUpdate(path, now, (_, most) => Math.Max(most, now));
            context.Response.OnCompleted(() =>
            {
                inFlight.AddOrUpdate(path, 0, (_, c) => c - 1);
                return Task.CompletedTask;
            });
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var n = counts.AddOrUpdate(path, 1, (_, c) => c + 1);
            receiver.Requests.Enqueue(new Received(path, context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(), context.Request.Headers["webhook-signature"].ToString(), body)
            {
                ReceivedAt = DateTimeOffset.UtcNow,
                Method = context.Request.Method,
            });
            var (status, delay) = receiver.Behaviour(path, n);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            context.Response.StatusCode = status;
            if (receiver.Locations.TryGetValue(path, out var location))
            {
                context.Response.Headers.Location = location;
            }

            if (receiver.BreaksOffBody(path))
            {
                context.Response.ContentLength = 5000;
                await context.Response.WriteAsync("the start of a longer body");
                return;
            }

            await context.Response.WriteAsync(new string('x', 5000));
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public sealed record Received(string Path, string Id, string Timestamp, string Signature, string Body)
    {
        public DateTimeOffset ReceivedAt { get; init; }

        public string Method { get; init; } = "POST";
    }
}
