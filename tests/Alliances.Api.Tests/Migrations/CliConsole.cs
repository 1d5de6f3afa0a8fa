using System.Text;
using Spectre.Console;

namespace Alliances.Api.Tests.Migrations;

/// <summary>A non-interactive, colourless, wide console whose output a test can read, as in CI.</summary>
public sealed class CliConsole
{
    private readonly StringWriter _writer = new(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);

    public CliConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = 250;
    }

    public IAnsiConsole Console { get; }

    public string Output => _writer.ToString();
}
