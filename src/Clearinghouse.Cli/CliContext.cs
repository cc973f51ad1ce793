using System.CommandLine;
using System.Text.RegularExpressions;
using Clearinghouse.Cli.Output;

namespace Clearinghouse.Cli;

/// <summary>What a command's action gets: its parse result, the writers, the printer and the connection.</summary>
public sealed partial class CliContext(ParseResult parse, GlobalOptions globals, TextWriter output, TextWriter error, bool terminal)
    : IDisposable
{
    private Connection? _connection;

    public ParseResult Parse => parse;
    public TextWriter Out => output;
    public TextWriter Error => error;

    public Printer Printer { get; } = terminal && !parse.GetValue(globals.Plain) ? new RichPrinter(output) : new PlainPrinter(output);

    public Connection Connection => _connection ??= Connect();

    public T Value<T>(Argument<T> argument) => parse.GetValue(argument)!;

    public T Value<T>(Option<T> option) => parse.GetValue(option)!;

    /// <summary>A clearing period, YYYY-MM, checked here too: it becomes part of file names and request ids.</summary>
    public string Period(Argument<string> argument)
    {
        var period = Value(argument);
        if (!PeriodFormat().IsMatch(period))
        {
            throw new UsageException($"{argument.Name} must be a period YYYY-MM, got '{period}'");
        }
        return period;
    }

    private Connection Connect()
    {
        var timeout = parse.GetValue(globals.Timeout);
        if (timeout is < 1 or > 86_400)
        {
            throw new UsageException($"--timeout must be within 1..86400 seconds, got {timeout}");
        }
        return new Connection(Connection.ParseAddress(parse.GetValue(globals.Address)!), TimeSpan.FromSeconds(timeout));
    }

    public void Dispose() => _connection?.Dispose();

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodFormat();
}
