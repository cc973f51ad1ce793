using System.CommandLine;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>
/// --ca, --cert and --key (or CLEARINGHOUSE_CA, CLEARINGHOUSE_CERT, CLEARINGHOUSE_KEY): the CA the host's
/// certificate must chain to and the load generator's client certificate, for an https:// --target
/// (docs/identity.md; ops/bench.sh makes them with ops/dev-certs.sh).
/// </summary>
internal sealed class TlsOptionSet
{
    private readonly Option<string?> _ca = FromEnvironment("--ca", "CLEARINGHOUSE_CA", "CA certificate (PEM) the host's certificate must chain to");
    private readonly Option<string?> _certificate = FromEnvironment("--cert", "CLEARINGHOUSE_CERT", "Client certificate (PEM) to call as");
    private readonly Option<string?> _key = FromEnvironment("--key", "CLEARINGHOUSE_KEY", "Private key (PEM) of --cert");

    public IEnumerable<Option> All => [_ca, _certificate, _key];

    /// <summary>The TLS settings for an https:// target (null for http://), or null after adding a usage error.</summary>
    public ClientTls? Bind(ParseResult parse, Uri? target, UsageErrors errors)
    {
        if (target is null || target.Scheme != "https")
        {
            return null;
        }
        var ca = parse.GetValue(_ca);
        var certificate = parse.GetValue(_certificate);
        var key = parse.GetValue(_key);
        if (ca is null || certificate is null || key is null)
        {
            errors.Add("an https:// --target needs --ca, --cert and --key (e.g. from bash ops/dev-certs.sh operator loadgen)");
            return null;
        }
        try
        {
            return ClientTls.Load(ca, certificate, key);
        }
        catch (ClientTlsException e)
        {
            errors.Add(e.Message);
            return null;
        }
    }

    private static Option<string?> FromEnvironment(string name, string variable, string description) => new(name)
    {
        Description = $"{description}; default ${variable}",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null,
    };
}
