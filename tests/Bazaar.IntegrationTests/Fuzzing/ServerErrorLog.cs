using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// The errors the server logs, with the exception's type, message and the frame in Bazaar's code that threw, so that a
/// 500 found by fuzzing is reported with its cause rather than only its traceId.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>What was logged since the last call.</summary>
    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (_errors.TryDequeue(out var error))
        {
            taken.Add(error);
        }
        return taken;
    }

    public void Dispose()
    {
    }

    private static string Describe(string category, string message, Exception? exception)
    {
        if (exception is null)
        {
            return $"{category}: {message}";
        }
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        var frames = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.TrimEntries);
        var where = frames.FirstOrDefault(f => f.Contains(" Bazaar.", StringComparison.Ordinal)) ?? frames.FirstOrDefault() ?? "";
        return $"{exception.GetType().FullName}: {exception.Message}"
            + (innermost != exception ? $" (inner {innermost.GetType().FullName}: {innermost.Message})" : "")
            + $" {where}";
    }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._errors.Enqueue(Describe(category, formatter(state, exception), exception));
            }
        }
    }
}
