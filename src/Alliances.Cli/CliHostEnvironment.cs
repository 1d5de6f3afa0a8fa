using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Alliances.Cli;

/// <summary>
/// The environment <see cref="Api.Infrastructure.Database.DatabaseSetup.ResolveConnectionStrings"/> reads. It is
/// Development unless DOTNET_ENVIRONMENT or ASPNETCORE_ENVIRONMENT say otherwise, so on a developer's machine the CLI
/// finds the embedded cluster like <c>dotnet run</c> of the API, while a production shell that sets the environment
/// gets the API's "not configured" error instead of a new local cluster.
/// </summary>
internal sealed class CliHostEnvironment : IHostEnvironment
{
    public string EnvironmentName { get; set; } =
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
        ?? Environments.Development;

    public string ApplicationName { get; set; } = "alliances";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
