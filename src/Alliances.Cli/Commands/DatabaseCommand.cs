using Alliances.Api.Data.TenantMigrations;
using Alliances.LocalPostgres;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Alliances.Cli.Commands;

/// <summary>
/// A command that needs the database. It connects, then turns the errors an operator can fix (configuration, an
/// unreachable server, a development cluster that will not start) into one red line and exit code 2. A stack trace
/// would only get in the way of those.
/// </summary>
public abstract class DatabaseCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : ConnectionSettings
{
    /// <summary>The exit code when the command could not run at all, as opposed to 1 for "ran, and some alliances failed".</summary>
    public const int CouldNotRun = 2;

    protected IAnsiConsole Console { get; } = console;

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            await using var database = CliDatabase.Connect(settings);
            return await ExecuteAsync(database.Runner, settings, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or LocalPostgresException or TimeoutException
            && !cancellationToken.IsCancellationRequested)
        {
            Console.Write(new Markup("[red]error:[/] "));
            Console.WriteLine(exception.Message);
            return CouldNotRun;
        }
    }

    protected abstract Task<int> ExecuteAsync(TenantMigrationRunner runner, TSettings settings, CancellationToken cancellationToken);
}
