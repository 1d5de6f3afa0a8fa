using Alliances.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Alliances.Cli;

/// <summary>
/// The operator CLI: <c>alliances migrate</c> and <c>alliances list</c>. A namespaced class rather than top-level
/// statements, because the test project references both this and the API, and two global <c>Program</c> types clash.
/// Public so the tests can run it with their own console and connection strings.
/// </summary>
public static class CliProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl+C cancels the run instead of killing the process: work in flight rolls back, and committed alliances stay.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return await RunAsync(args, AnsiConsole.Console, stop.Token);
    }

    public static Task<int> RunAsync(IEnumerable<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("alliances");
            config.Settings.Console = console;
            config.Settings.Registrar.RegisterInstance(console);
            config.AddCommand<MigrateCommand>("migrate")
                .WithDescription("Bring every alliance's schema to the latest version, in parallel; exits 1 if any alliance failed.")
                .WithExample("migrate")
                .WithExample("migrate", "--parallel", "8")
                .WithExample("migrate", "--only", "seattle", "--only", "portland");
            config.AddCommand<ListCommand>("list")
                .WithDescription("List the alliances with their state and schema version.");
            config.AddCommand<ProvisionCommand>("provision").WithDescription("Claim bench-1…bench-N with sample spaces, for benchmarks.");
        });
        return app.RunAsync(args, cancellationToken);
    }
}
