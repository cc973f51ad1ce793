namespace Clearinghouse.Host.Identity;

/// <summary>Settings under "Clearinghouse:Tls": PEM files of the endpoint's certificate and of the callers' CA.</summary>
public sealed class TlsOptions
{
    public const string Section = "Clearinghouse:Tls";

    /// <summary>The endpoint's certificate (PEM); ops/start.sh makes one with ops/dev-certs.sh.</summary>
    public string? Certificate { get; set; }

    /// <summary>The private key of <see cref="Certificate"/> (PEM).</summary>
    public string? Key { get; set; }

    /// <summary>The CA (PEM) a caller's client certificate must chain to; no other root is trusted.</summary>
    public string? ClientCa { get; set; }

    /// <summary>
    /// Check the revocation of callers' certificates (online, end certificate and chain). Off by default: the
    /// development CA publishes no CRL, so every check would fail. A production CA that publishes one turns it on.
    /// </summary>
    public bool CheckRevocation { get; set; }

    /// <summary>The three paths, or an error naming the missing settings and how to get them.</summary>
    public (string Certificate, string Key, string ClientCa) Required()
    {
        var settings = new[] { ("Certificate", Certificate), ("Key", Key), ("ClientCa", ClientCa) };
        var missing = settings.Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => $"{Section}:{s.Item1}").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the gRPC endpoint serves TLS only, and {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set. " +
                "Start with ops/start.sh (it makes development certificates with ops/dev-certs.sh), or pass " +
                "--Clearinghouse:Tls:Certificate=server.crt --Clearinghouse:Tls:Key=server.key --Clearinghouse:Tls:ClientCa=ca.crt " +
                "(docs/identity.md).");
        }
        foreach (var (name, path) in settings)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{Section}:{name} names {path}, which does not exist (docs/identity.md).");
            }
        }
        return (Certificate!, Key!, ClientCa!);
    }
}
