namespace Alliances.LocalPostgres.Tests;

/// <summary>A fresh directory under /tmp, deleted (with anything the server wrote) on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        // /tmp rather than $TMPDIR: as root the server runs as postgres, which must be able to enter every parent.
        Path = System.IO.Path.Combine("/tmp", $"alliances-localpostgres-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates an executable (0755) empty file, like a PostgreSQL tool, and returns its directory.</summary>
    public string CreateTools(string relativeDirectory, params string[] tools)
    {
        var directory = Combine(relativeDirectory);
        Directory.CreateDirectory(directory);
        foreach (var tool in tools)
        {
            var file = System.IO.Path.Combine(directory, tool);
            File.WriteAllText(file, "#!/bin/sh\n");
            File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        }

        return directory;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
