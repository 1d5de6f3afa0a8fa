namespace Alliances.LocalPostgres.Tests;

public sealed class ServerAccountShould : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Theory]
    [InlineData(0b111_101_000, false)] // 0750: others may not enter
    [InlineData(0b111_000_001, true)] // 0701: others may enter (but not list)
    [InlineData(0b111_101_101, true)] // 0755
    public void JudgeTraversalByTheOthersExecuteBit(int mode, bool expected)
    {
        var directory = _temp.Combine("dir");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)mode);

        Assert.Equal(expected, ServerAccount.OthersCanTraverse(directory));
    }

    [Fact]
    public void TreatAMissingDirectoryAsTraversable_BecauseWeCreateIt0755()
    {
        Assert.True(ServerAccount.OthersCanTraverse(_temp.Combine("not", "yet", "created")));
    }

    public void Dispose() => _temp.Dispose();
}
