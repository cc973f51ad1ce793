using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clearinghouse.Api.Identity;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// The test run's certificate authority and the certificates it issues, made in process with
/// <see cref="CertificateRequest"/> (the same shape ops/dev-certs.sh gives: EC P-256, SAN URI
/// urn:clearinghouse:&lt;role&gt;:&lt;scope&gt;, subject CN &lt;role&gt;:&lt;scope&gt;). The host reads its
/// certificate and the CA from PEM files in a temporary folder, as it does in production; the CLI runs read
/// the callers' PEM files from there too.
/// </summary>
public sealed class TestCertificates
{
    private static readonly Lazy<TestCertificates> Run = new(() => new TestCertificates("test CA"));
    private readonly ECDsa _caKey;
    private readonly ConcurrentDictionary<Caller, X509Certificate2> _callers = new();
    private readonly ConcurrentDictionary<Caller, (string Certificate, string Key)> _files = new();
    private readonly Lazy<string> _identityFolder;

    /// <summary>The CA every test host trusts and every test caller's certificate comes from.</summary>
    public static TestCertificates Instance => Run.Value;

    /// <param name="name">The CA's common name (a second CA in a test is a stranger to the hosts).</param>
    public TestCertificates(string name)
    {
        Folder = Directory.CreateTempSubdirectory("clearinghouse-certs-").FullName;
        _identityFolder = new Lazy<string>(WriteIdentityFolder);
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Clearinghouse {name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaPath = Write("ca.crt", Authority.ExportCertificatePem());

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        using var server = Issue("CN=clearinghouse host", serverKey, names, "1.3.6.1.5.5.7.3.1", DateTimeOffset.UtcNow.AddYears(1));
        ServerCertificatePath = Write("server.crt", server.ExportCertificatePem());
        ServerKeyPath = Write("server.key", serverKey.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; }
    public X509Certificate2 Authority { get; }
    public string CaPath { get; }
    public string ServerCertificatePath { get; }
    public string ServerKeyPath { get; }

    /// <summary>The caller's client certificate with its key (one per caller for the run).</summary>
    public X509Certificate2 For(Caller caller) => _callers.GetOrAdd(caller, c => Issue(c, DateTimeOffset.UtcNow.AddYears(1)));

    /// <summary>A certificate for the caller that expired yesterday.</summary>
    public X509Certificate2 Expired(Caller caller) => Issue(caller, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(-30));

    /// <summary>A client certificate of this CA whose SAN names no clearinghouse identity (only a DNS name).</summary>
    public X509Certificate2 WithoutIdentity()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("somebody.example");
        using var certificate = Issue("CN=somebody", key, names, "1.3.6.1.5.5.7.3.2", DateTimeOffset.UtcNow.AddYears(1));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>TLS settings of a client: this CA trusted, the caller's certificate offered (none for null).</summary>
    public ClientTls ClientFor(Caller? caller) => ClientTls.Of(Authority, caller is null ? null : For(caller));

    /// <summary>
    /// A folder as ops/dev-certs.sh fills it, for the CLI's --identity-dir: the tests' officer and operator and
    /// the platform of every province (10..99), so any test region can settle and report through its platform.
    /// </summary>
    public string IdentityFolder => _identityFolder.Value;

    private string WriteIdentityFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "identities")).FullName;
        IEnumerable<Caller> callers = [new(CallerRole.Officer, "tests"), new(CallerRole.Operator, "tests"),
            .. Enumerable.Range(10, 90).Select(p => new Caller(CallerRole.Platform, p.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        foreach (var caller in callers)
        {
            var (certificate, key) = FilesFor(caller);
            File.Copy(certificate, Path.Combine(folder, Path.GetFileName(certificate)));
            File.Copy(key, Path.Combine(folder, Path.GetFileName(key)));
        }
        return folder;
    }

    /// <summary>The caller's certificate and key as PEM files (for the CLI's --cert and --key).</summary>
    public (string Certificate, string Key) FilesFor(Caller caller) => _files.GetOrAdd(caller, c =>
    {
        var certificate = For(c);
        var name = $"{c.Role.ToString().ToLowerInvariant()}-{c.Scope}";
        return (Write(name + ".crt", certificate.ExportCertificatePem()),
            Write(name + ".key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()));
    });

    private X509Certificate2 Issue(Caller caller, DateTimeOffset notAfter, DateTimeOffset? notBefore = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(CallerName.UriOf(caller)));
        using var certificate = Issue($"CN={caller}", key, names, "1.3.6.1.5.5.7.3.2", notAfter, notBefore);
        return certificate.CopyWithPrivateKey(key);
    }

    private X509Certificate2 Issue(string subject, ECDsa key, SubjectAlternativeNameBuilder names, string usage, DateTimeOffset notAfter,
        DateTimeOffset? notBefore = null)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var generator = X509SignatureGenerator.CreateForECDsa(_caKey);
        return request.Create(Authority.SubjectName, generator, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter, serial);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
