namespace Alliances.LocalPostgres;

/// <summary>Exit code and combined stdout/stderr of a finished tool run.</summary>
internal sealed record ProcessResult(int ExitCode, string Output);
