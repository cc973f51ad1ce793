using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clearinghouse.V1;

/// <summary>
/// What a client program needs for mutual TLS with a host: the CA that issued the host's certificate (the only
/// root it trusts) and the caller's own certificate with its private key (docs/identity.md).
/// </summary>
public sealed class ClientTls
{
    private ClientTls(X509Certificate2 authority, X509Certificate2? certificate)
    {
        Authority = authority;
        Certificate = certificate;
    }

    /// <summary>The CA the host's certificate must chain to; the system's roots are not consulted.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The caller's certificate (with its key); null for a call without one (health, reflection).</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>From certificates already in memory (tests).</summary>
    public static ClientTls Of(X509Certificate2 authority, X509Certificate2? certificate) => new(authority, certificate);

    /// <summary>Reads the PEM files; a missing or unreadable file is a <see cref="ClientTlsException"/> naming it.</summary>
    public static ClientTls Load(string caPath, string? certificatePath, string? keyPath)
    {
        if ((certificatePath is null) != (keyPath is null))
        {
            throw new ClientTlsException("a client certificate needs both its certificate and its key file");
        }
        var authority = Read(caPath, "CA certificate", () => X509Certificate2.CreateFromPem(File.ReadAllText(caPath)));
        var certificate = certificatePath is null
            ? null
            : Read(certificatePath, "client certificate", () => X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
        if (certificate is { HasPrivateKey: false })
        {
            throw new ClientTlsException($"the key file {keyPath} holds no private key for {certificatePath}");
        }
        return new ClientTls(authority, certificate);
    }

    private static X509Certificate2 Read(string path, string what, Func<X509Certificate2> read)
    {
        if (!File.Exists(path))
        {
            throw new ClientTlsException($"the {what} file {path} does not exist");
        }
        try
        {
            return read();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new ClientTlsException($"cannot read the {what} from {path}: {e.Message}");
        }
    }

    /// <summary>Applies the TLS settings to a handler: our certificate offered, the host's checked against our CA only.</summary>
    public void Apply(SslClientAuthenticationOptions ssl)
    {
        if (Certificate is { } certificate)
        {
            ssl.ClientCertificates = [certificate];
            // Offered whatever CA names the host lists: the host's own authentication decides.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }
        ssl.RemoteCertificateValidationCallback = ValidateHost;
    }

    /// <summary>
    /// The host's certificate must chain to <see cref="Authority"/> (custom root trust: the system's roots are
    /// not consulted) and name the host dialled. Revocation is not checked: the development CA publishes no CRL.
    /// </summary>
    private bool ValidateHost(object sender, X509Certificate? presented, X509Chain? _, SslPolicyErrors errors)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        if (presented is X509Certificate2 certificate)
        {
            return chain.Build(certificate);
        }
        using var copy = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(copy);
    }
}

/// <summary>A TLS file given to a client program is missing or unreadable.</summary>
public sealed class ClientTlsException(string message) : Exception(message);
