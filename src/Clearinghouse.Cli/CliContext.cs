using System.CommandLine;
using System.Text.RegularExpressions;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;

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

    /// <summary>A business day, YYYY-MM-DD (a real date), checked here: it becomes part of a request id.</summary>
    public string BusinessDate(Argument<string> argument) => Date(argument.Name, Value(argument));

    /// <summary>A date given as an option (a catalogue's effective date), checked as <see cref="BusinessDate"/> is.</summary>
    public string Date(Option<string> option) => Date(option.Name, Value(option));

    /// <summary>A region code, six digits, checked here: it becomes part of a request id.</summary>
    public string RegionCode(Argument<string> argument) => RegionCode(argument.Name, Value(argument));

    public string RegionCode(Option<string> option) => RegionCode(option.Name, Value(option));

    private static string Date(string name, string date)
    {
        if (!DateFormat().IsMatch(date) || !DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw new UsageException($"{name} must be a date YYYY-MM-DD, got '{date}'");
        }
        return date;
    }

    private static string RegionCode(string name, string code)
    {
        if (!RegionCodeFormat().IsMatch(code))
        {
            throw new UsageException($"{name} must be a 6-digit region code, got '{code}'");
        }
        return code;
    }

    private Connection Connect()
    {
        var timeout = parse.GetValue(globals.Timeout);
        if (timeout is < 1 or > 86_400)
        {
            throw new UsageException($"--timeout must be within 1..86400 seconds, got {timeout}");
        }
        var addresses = Connection.ParseAddresses(parse.GetValue(globals.Address)!);
        var https = addresses[0].Scheme == "https";
        if (https && parse.GetValue(globals.IdentityDir) is { } folder)
        {
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"--identity-dir {folder} is not a folder");
            }
            return new Connection(addresses, TimeSpan.FromSeconds(timeout), null, new IdentityFolder(folder, Ca()));
        }
        return new Connection(addresses, TimeSpan.FromSeconds(timeout), https ? Tls() : null);
    }

    private string Ca() => parse.GetValue(globals.Ca)
        ?? throw new UsageException($"an https:// address needs --ca (or ${GlobalOptions.CaVariable}): the CA certificate the host's certificate comes from, e.g. .data/certs/ca.crt");

    /// <summary>The --ca, --cert and --key files read (docs/cli.md, "Certificates").</summary>
    private ClientTls Tls()
    {
        var ca = Ca();
        var certificate = parse.GetValue(globals.Certificate);
        var key = parse.GetValue(globals.Key);
        if (certificate is null || key is null)
        {
            throw new UsageException($"the host admits callers by certificate: give --cert and --key (or ${GlobalOptions.CertificateVariable} and ${GlobalOptions.KeyVariable}) or --identity-dir, e.g. the two paths `bash ops/dev-certs.sh officer <name>` prints");
        }
        try
        {
            return ClientTls.Load(ca, certificate, key);
        }
        catch (ClientTlsException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public void Dispose() => _connection?.Dispose();

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodFormat();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateFormat();

    [GeneratedRegex("^[0-9]{6}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionCodeFormat();
}
