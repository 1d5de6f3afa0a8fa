namespace Alliances.Cli;

/// <summary>
/// Calls the handler on the reporting thread. <see cref="Progress{T}"/> would post each report to the thread pool, so
/// reports could arrive out of order; the runner already serialises its reports.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
