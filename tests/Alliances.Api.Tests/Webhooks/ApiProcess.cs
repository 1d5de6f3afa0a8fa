using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// The API as a real operating-system process (<c>dotnet Alliances.Api.dll</c>), so a test can kill it outright, as a
/// crash or an OOM kill would, rather than stop it politely as disposing a test server does.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts the API with <paramref name="settings"/> as environment variables and waits until /readyz answers 200.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { typeof(Program).Assembly.Location },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var api = new ApiProcess(process, port);
        process.OutputDataReceived += (_, line) => api.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => api.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return api;
    }

    /// <summary>A client for <paramref name="host"/> (sent as the Host header) on this process.</summary>
    public HttpClient Client(string host, string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        client.DefaultRequestHeaders.Host = host;
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining, no lease released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>The process's last lines of output, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var client = Client("localhost");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API was not ready within {limit}:{Environment.NewLine}{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
