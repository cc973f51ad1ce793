using System.CommandLine;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;

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
    private readonly Option<string?> _identityDir = FromEnvironment("--identity-dir", "CLEARINGHOUSE_IDENTITY_DIR",
        "Folder of certificates as ops/dev-certs.sh writes them: each call goes as the caller it needs (operator for set-up, officer for deposits, reads and close, the platform of the care regions' province for settling); instead of --cert and --key");

    public IEnumerable<Option> All => [_ca, _certificate, _key, _identityDir];

    /// <summary>The TLS settings for an https:// target (null for http://), or null after adding a usage error.</summary>
    public ClientIdentities? Bind(ParseResult parse, IReadOnlyList<Uri>? targets, UsageErrors errors)
    {
        if (targets is null || targets[0].Scheme != "https")
        {
            return null;
        }
        var ca = parse.GetValue(_ca);
        var certificate = parse.GetValue(_certificate);
        var key = parse.GetValue(_key);
        var folder = parse.GetValue(_identityDir);
        if (ca is null || (folder is null && (certificate is null || key is null)))
        {
            errors.Add("an https:// --target needs --ca, and --identity-dir or --cert and --key (ops/bench.sh makes them with ops/dev-certs.sh)");
            return null;
        }
        if (folder is not null && !Directory.Exists(folder))
        {
            errors.Add($"--identity-dir {folder} is not a folder");
            return null;
        }
        try
        {
            return folder is not null
                ? new ClientIdentities(null, new IdentityFolder(folder, ca))
                : new ClientIdentities(ClientTls.Load(ca, certificate, key), null);
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

/// <summary>One certificate for every call, or a folder to pick each call's from.</summary>
public sealed record ClientIdentities(ClientTls? Single, IdentityFolder? Folder);
