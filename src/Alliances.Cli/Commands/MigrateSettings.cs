using System.ComponentModel;
using Alliances.Api.Data.TenantMigrations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Alliances.Cli.Commands;

/// <summary>Options of <c>alliances migrate</c>.</summary>
public sealed class MigrateSettings : ConnectionSettings
{
    public const int MaxParallelism = 64;

    [CommandOption("-p|--parallel <N>")]
    [Description("Alliances migrated at once (1-64), one connection each.")]
    [DefaultValue(4)]
    public int Parallel { get; init; } = 4;

    [CommandOption("--only <SUBDOMAIN>")]
    [Description("Only this alliance; repeat for several.")]
    public string[] Only { get; init; } = [];

    [CommandOption("--lock-timeout <SECONDS>")]
    [Description("Longest wait for a lock before the alliance fails; 0 waits forever.")]
    [DefaultValue(10)]
    public int LockTimeoutSeconds { get; init; } = (int)TenantMigrationOptions.DefaultLockTimeout.TotalSeconds;

    /// <summary>Benchmarking only (deploy/bench/run.sh); see <see cref="TenantMigrationOptions.BenchmarkScript"/>. Hidden from help.</summary>
    [CommandOption("--bench-script <FILE>", IsHidden = true)]
    [Description("Benchmarking only: SQL file run in every alliance, current or not, after its pending migrations.")]
    public string? BenchScript { get; init; }

    public override ValidationResult Validate()
    {
        if (Parallel is < 1 or > MaxParallelism)
        {
            return ValidationResult.Error($"--parallel must be between 1 and {MaxParallelism}.");
        }

        if (BenchScript is not null && !File.Exists(BenchScript))
        {
            return ValidationResult.Error($"--bench-script: no file at {BenchScript}.");
        }

        return LockTimeoutSeconds < 0 ? ValidationResult.Error("--lock-timeout must not be negative.") : ValidationResult.Success();
    }
}
