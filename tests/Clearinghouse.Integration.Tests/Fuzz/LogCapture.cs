using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Integration.Tests.Fuzz;

/// <summary>One entry the host logged: its category, level, formatted text and the exception it carried.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}

/// <summary>
/// A logging provider added to the running host's logger factory, so the test reads what the host logs
/// (after the host's own filters: what an operator would see) while it is captured.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private volatile bool _capturing = true;

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    /// <summary>Stops capturing (the factory keeps the provider until the host is disposed).</summary>
    public void Stop() => _capturing = false;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => Stop();

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (capture._capturing)
            {
                capture._entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
