using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Clearinghouse.Api.Identity;

/// <summary>
/// The caller a client certificate names: one SAN URI <c>urn:clearinghouse:&lt;role&gt;:&lt;scope&gt;</c>
/// (docs/identity.md). The certificate's chain, dates and key usage are checked by the certificate
/// authentication before this reads it.
/// </summary>
public static partial class CallerName
{
    public const string UriPrefix = "urn:clearinghouse:";
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The URI a certificate for the caller carries, e.g. urn:clearinghouse:region:110000.</summary>
    public static string UriOf(Caller caller) => UriPrefix + caller;

    /// <summary>The caller a URI names, or null with the reason when it is not a well-formed clearinghouse identity.</summary>
    public static Caller? Parse(string uri, out string? reason)
    {
        reason = null;
        var parts = uri.StartsWith(UriPrefix, StringComparison.Ordinal) ? uri[UriPrefix.Length..].Split(':') : [];
        if (parts.Length != 2)
        {
            reason = $"'{uri}' is not urn:clearinghouse:<role>:<scope>";
            return null;
        }
        var (role, scope) = (parts[0], parts[1]);
        CallerRole? parsed = role switch
        {
            "region" => CallerRole.Region,
            "platform" => CallerRole.Platform,
            "officer" => CallerRole.Officer,
            "operator" => CallerRole.Operator,
            _ => null,
        };
        if (parsed is not { } known)
        {
            reason = $"'{role}' is not a role (region, platform, officer, operator)";
            return null;
        }
        var shaped = known switch
        {
            CallerRole.Region => RegionScope().IsMatch(scope),
            CallerRole.Platform => ProvinceScope().IsMatch(scope),
            _ => PersonScope().IsMatch(scope),
        };
        if (!shaped)
        {
            reason = known switch
            {
                CallerRole.Region => $"a region's scope is its 6-digit code, not '{scope}'",
                CallerRole.Platform => $"a platform's scope is its 2-digit province code, not '{scope}'",
                _ => $"a person's scope is 1..64 of a-z 0-9 . _ -, not '{scope}'",
            };
            return null;
        }
        return new Caller(known, scope);
    }

    /// <summary>The caller the certificate names, or null with the reason (no such URI, two of them, malformed).</summary>
    public static Caller? Of(X509Certificate2 certificate, out string? reason)
    {
        string? found = null;
        foreach (var uri in SanUris(certificate))
        {
            if (!uri.StartsWith(UriPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (found is not null)
            {
                reason = "the certificate names more than one clearinghouse identity";
                return null;
            }
            found = uri;
        }
        if (found is null)
        {
            reason = "the certificate names no clearinghouse identity (SAN URI urn:clearinghouse:<role>:<scope>)";
            return null;
        }
        return Parse(found, out reason);
    }

    /// <summary>The URIs among the subject alternative names ([6] IA5String in the GeneralNames sequence).</summary>
    private static List<string> SanUris(X509Certificate2 certificate)
    {
        var uris = new List<string>(1);
        if (certificate.Extensions[SubjectAlternativeNameOid] is not { } extension)
        {
            return uris;
        }
        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (names.PeekTag() == UriTag)
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            uris.Clear();
        }
        return uris;
    }

    [GeneratedRegex("^[0-9]{6}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionScope();

    [GeneratedRegex("^[0-9]{2}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProvinceScope();

    [GeneratedRegex("^[a-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PersonScope();
}
