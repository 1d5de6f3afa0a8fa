using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// A logger provider that keeps every entry in memory, with its scopes, structured values and exception, so a test can
/// assert what the API logged (and what it did not). Its alias is <c>Capture</c>, so configuration can set its level
/// the way an operator would for any provider: <c>Logging:Capture:LogLevel:Default</c>.
/// </summary>
[ProviderAlias("Capture")]
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    public const string Alias = "Capture";

    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        // The logger factory applies the configured filter rules before an entry gets here.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }

            var scopes = new List<string>();
            var scopeValues = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope(
                (scope, _) =>
                {
                    scopes.Add(scope?.ToString() ?? "");
                    if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                    {
                        foreach (var (key, value) in scopePairs)
                        {
                            scopeValues[key] = value;
                        }
                    }
                },
                (object?)null);

            owner._entries.Enqueue(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), exception, values, scopes, scopeValues));
        }
    }
}

/// <summary>One captured log entry.</summary>
public sealed record CapturedLogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    Exception? Exception,
    IReadOnlyDictionary<string, object?> Values,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, object?> ScopeValues)
{
    /// <summary>Everything this entry would put in a log line: message, structured values, scopes and the exception.</summary>
    public string FullText =>
        $"{Level} {Category}[{EventId.Id}] {Message} | values: {string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"))} " +
        $"| scopes: {string.Join(" => ", Scopes)} | {Exception}";

    public override string ToString() => FullText;
}
