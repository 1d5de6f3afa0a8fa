using Alliances.Api.Data.TenantMigrations;
using Spectre.Console;

namespace Alliances.Cli.Commands;

/// <summary><c>alliances list</c>: every alliance that is not deleted, with its state and schema version.</summary>
public sealed class ListCommand(IAnsiConsole console) : DatabaseCommand<ConnectionSettings>(console)
{
    protected override async Task<int> ExecuteAsync(TenantMigrationRunner runner, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var alliances = await runner.ListAlliancesAsync(cancellationToken);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Subdomain").AddColumn("State").AddColumn("Schema version").AddColumn("Current?");
        foreach (var alliance in alliances)
        {
            table.AddRow(
                new Text(alliance.Subdomain),
                new Text(alliance.State),
                new Text(alliance.SchemaVersion ?? "(none)"),
                alliance.IsCurrent ? new Markup("[green]yes[/]") : new Markup("[yellow]no[/]"));
        }

        Console.Write(table);
        var behind = alliances.Count(a => !a.IsCurrent);
        Console.WriteLine($"{alliances.Count} alliances; {behind} not at the latest version {runner.LatestVersion}.");
        if (behind > 0)
        {
            Console.WriteLine("Run `alliances migrate` to bring them up to date.");
        }

        return 0;
    }
}
