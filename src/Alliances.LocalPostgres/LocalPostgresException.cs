namespace Alliances.LocalPostgres;

/// <summary>The local cluster could not be prepared; the message names the cause and the fix.</summary>
public sealed class LocalPostgresException : Exception
{
    public LocalPostgresException()
    {
    }

    public LocalPostgresException(string message)
        : base(message)
    {
    }

    public LocalPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds the message in one shape everywhere, so a developer always sees what to do next.</summary>
    internal static LocalPostgresException Because(string cause, string fix, Exception? innerException = null)
    {
        var message = $"{cause}{Environment.NewLine}Fix: {fix}";
        return innerException is null ? new LocalPostgresException(message) : new LocalPostgresException(message, innerException);
    }
}
