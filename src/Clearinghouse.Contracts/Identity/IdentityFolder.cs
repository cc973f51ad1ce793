using System.Collections.Concurrent;

namespace Clearinghouse.V1.Identity;

/// <summary>
/// A folder of client certificates as ops/dev-certs.sh writes them (<c>&lt;role&gt;-&lt;scope&gt;.crt</c> and
/// <c>.key</c>) and the TLS settings for each caller a call needs: an officer's or operator's (the first by
/// name), and for a call acting for a region the region's own certificate, else its province's platform's.
/// </summary>
public sealed class IdentityFolder(string folder, string caPath)
{
    private readonly ConcurrentDictionary<string, ClientTls> _loaded = new(StringComparer.Ordinal);

    // The certificate each region resolves to, found once: a load generator asks per call.
    private readonly ConcurrentDictionary<string, string> _agencies = new(StringComparer.Ordinal);

    public string Folder => folder;

    /// <summary>The TLS settings for the need; a <see cref="ClientTlsException"/> saying how to make the missing certificate.</summary>
    public ClientTls For(CallerNeed need)
    {
        var name = need.Kind switch
        {
            NeedKind.Officer => First("officer") ?? throw Missing("an officer's certificate", "officer <name>"),
            NeedKind.Operator => First("operator") ?? throw Missing("an operator's certificate", "operator <name>"),
            _ => _agencies.TryGetValue(need.Region, out var known) ? known : _agencies.GetOrAdd(need.Region, AgencyName),
        };
        return _loaded.GetOrAdd(name, n => ClientTls.Load(caPath, Path.Combine(folder, n + ".crt"), Path.Combine(folder, n + ".key")));
    }

    private string AgencyName(string region)
    {
        if (region.Length == 6 && File.Exists(Path.Combine(folder, $"region-{region}.crt")))
        {
            return $"region-{region}";
        }
        var province = region.Length >= 2 ? region[..2] : "";
        if (province.Length == 2 && File.Exists(Path.Combine(folder, $"platform-{province}.crt")))
        {
            return $"platform-{province}";
        }
        // A region the request names badly: any platform's certificate, and the host answers the bad request.
        if (region.Length != 6 && First("platform") is { } anyPlatform)
        {
            return anyPlatform;
        }
        throw Missing($"a certificate for region {region} or its province's platform",
            region.Length >= 2 ? $"region {region}  (or: platform {province})" : "platform <province>");
    }

    // The certificate of each role, found once: listing the folder on every call took most of a load generator's CPU.
    private readonly ConcurrentDictionary<string, string> _firstOfRole = new(StringComparer.Ordinal);

    private string? First(string role)
    {
        if (_firstOfRole.TryGetValue(role, out var known))
        {
            return known;
        }
        var found = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, role + "-*.crt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
        // A missing one is looked for again next time: it may be made meanwhile (ops/dev-certs.sh).
        return found is null ? null : _firstOfRole.GetOrAdd(role, found);
    }

    private ClientTlsException Missing(string what, string make) =>
        new($"{folder} holds no {what}: make one with bash ops/dev-certs.sh {make}");
}
