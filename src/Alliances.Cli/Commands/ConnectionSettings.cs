using System.ComponentModel;
using Spectre.Console.Cli;

namespace Alliances.Cli.Commands;

/// <summary>Connection options every command takes; they override appsettings and environment variables.</summary>
public class ConnectionSettings : CommandSettings
{
    [CommandOption("--connection <CONNECTION_STRING>")]
    [Description("Application role connection string (ConnectionStrings:Alliances).")]
    public string? Connection { get; init; }

    [CommandOption("--owner-connection <CONNECTION_STRING>")]
    [Description("Owner role connection string (ConnectionStrings:AlliancesOwner). Commands run as this role.")]
    public string? OwnerConnection { get; init; }
}
