namespace Alliances.Cli;

// Placeholder entry point; the migrate and list commands are being written (see issue 3).
internal static class CliProgram
{
    public static int Main() => 1;
}
