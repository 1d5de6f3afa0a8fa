using System.Globalization;
using Alliances.Api.Data.TenantMigrations;
using Alliances.Tenancy.Hosts;
using Spectre.Console;

namespace Alliances.Cli.Commands;

/// <summary>
/// <c>alliances migrate</c>: runs <see cref="TenantMigrationRunner.MigrateAllAsync"/> with live progress, then prints a
/// summary. Exits 0 when every alliance is current, and 1 when any failed or an <c>--only</c> sub-domain was not found.
/// </summary>
public sealed class MigrateCommand(IAnsiConsole console) : DatabaseCommand<MigrateSettings>(console)
{
    protected override async Task<int> ExecuteAsync(TenantMigrationRunner runner, MigrateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new TenantMigrationOptions
        {
            Parallelism = settings.Parallel,
            Subdomains = settings.Only.Length == 0 ? null : [.. settings.Only.Select(Normalize).Distinct(StringComparer.Ordinal)],
            LockTimeout = TimeSpan.FromSeconds(settings.LockTimeoutSeconds),
            BenchmarkScript = settings.BenchScript is null ? null : await File.ReadAllTextAsync(settings.BenchScript, cancellationToken),
        };
        Console.MarkupLineInterpolated($"Migrating alliances to [bold]{runner.LatestVersion}[/], {options.Parallelism} at a time.");

        TenantMigrationProgress? last = null;
        TenantMigrationSummary summary;
        try
        {
            summary = Console.Profile.Capabilities.Interactive
                ? await RunWithProgressBarAsync(runner, options, p => last = p, cancellationToken)
                : await runner.MigrateAllAsync(options, new InlineProgress<TenantMigrationProgress>(p => WriteLine(last = p)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.MarkupLineInterpolated($"[yellow]Stopped[/] after {last?.Completed ?? 0} of {last?.Total ?? 0} alliances ({last?.Migrated ?? 0} migrated).");
            Console.WriteLine("Every alliance that finished is committed; run migrate again to do the rest.");
            throw;
        }

        WriteSummary(summary);
        return summary.Succeeded ? 0 : 1;
    }

    private async Task<TenantMigrationSummary> RunWithProgressBarAsync(
        TenantMigrationRunner runner, TenantMigrationOptions options, Action<TenantMigrationProgress> observe, CancellationToken cancellationToken)
    {
        return await Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("reading the catalog").IsIndeterminate();
                var progress = new InlineProgress<TenantMigrationProgress>(p =>
                {
                    observe(p);
                    task.IsIndeterminate = false;
                    task.MaxValue = p.Total;
                    task.Value = p.Completed;
                    var failed = p.Failed > 0 ? "red" : "default";
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{p.Completed}/{p.Total}  [green]{p.Migrated} migrated[/]  {p.AlreadyCurrent} current  [{failed}]{p.Failed} failed[/]");
                });
                var summary = await runner.MigrateAllAsync(options, progress, cancellationToken);
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, summary.Results.Count);
                task.Value = task.MaxValue;
                task.StopTask();
                return summary;
            });
    }

    // Without a terminal (CI, a pipe) a line per alliance that changed or failed; current ones are only counted, since
    // on a routine run they are most of the list.
    private void WriteLine(TenantMigrationProgress progress)
    {
        var result = progress.Latest;
        if (result.Outcome == TenantMigrationOutcome.AlreadyCurrent)
        {
            return;
        }

        var width = progress.Total.ToString(CultureInfo.InvariantCulture).Length;
        var counter = string.Create(CultureInfo.InvariantCulture, $"[{progress.Completed.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{progress.Total}]");
        var line = result.Outcome switch
        {
            TenantMigrationOutcome.Migrated => string.Create(CultureInfo.InvariantCulture,
                $"{counter} migrated {result.Subdomain} from {Version(result.FromVersion)} ({result.Elapsed.TotalMilliseconds:F0} ms)"),
            TenantMigrationOutcome.Failed => $"{counter} FAILED   {result.Subdomain}: {result.Error}",
            TenantMigrationOutcome.NotFound => $"{counter} NOT FOUND {result.Subdomain}",
            _ => $"{counter} deleted  {result.Subdomain} (while the run was in progress)",
        };
        // Straight to the output: a CI log line must not be wrapped at the console width, or grep misses it.
        Console.Profile.Out.Writer.WriteLine(line);
    }

    private void WriteSummary(TenantMigrationSummary summary)
    {
        var counts = new Table().Border(TableBorder.Rounded).AddColumn("Outcome").AddColumn(new TableColumn("Alliances").RightAligned());
        counts.AddRow(new Text("Migrated"), Count(summary.Migrated, "green"));
        counts.AddRow(new Text("Already current"), Count(summary.AlreadyCurrent, null));
        counts.AddRow(new Text("Failed"), Count(summary.Failed, summary.Failed > 0 ? "red" : null));
        if (summary.NotFound > 0)
        {
            counts.AddRow(new Text("Not found"), Count(summary.NotFound, "red"));
        }

        if (summary.Deleted > 0)
        {
            counts.AddRow(new Text("Deleted during the run"), Count(summary.Deleted, null));
        }

        counts.AddRow(new Markup("[bold]Total[/]"), Count(summary.Results.Count, null));
        Console.Write(counts);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Target version {summary.TargetVersion}; took {summary.Elapsed.TotalSeconds:F2} s."));

        var problems = summary.Problems.ToList();
        if (problems.Count > 0)
        {
            var failures = new Table().Border(TableBorder.Rounded).AddColumn("Subdomain").AddColumn("Recorded version").AddColumn("Error");
            foreach (var problem in problems)
            {
                failures.AddRow(new Text(problem.Subdomain), new Text(Version(problem.FromVersion)), new Text(problem.Error ?? ""));
            }

            Console.Write(failures);
            Console.MarkupLineInterpolated($"[red]{problems.Count} alliance(s) not migrated.[/] They keep their recorded version.");
            Console.WriteLine("Fix them and run migrate again; the alliances that are done will be skipped.");
        }
        else
        {
            Console.MarkupLineInterpolated($"[green]All {summary.Results.Count} alliance(s) are at {summary.TargetVersion}.[/]");
        }
    }

    private static Text Count(int value, string? color) =>
        new(value.ToString(CultureInfo.InvariantCulture), color is null ? Style.Plain : Style.Parse(color));

    private static string Version(string? version) => string.IsNullOrEmpty(version) ? "(none)" : version;

    // Sub-domains are stored the way the API normalises hosts: lower case, punycode.
    private static string Normalize(string subdomain) => HostNormalizer.TryNormalize(subdomain.Trim(), out var normalized) ? normalized : subdomain;
}
