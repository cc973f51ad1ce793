namespace Clearinghouse.V1;

/// <summary>
/// The hosts a client program calls: one address or several (the hosts of one clearinghouse), given as a
/// comma-separated list, as a repeated option, or both. All http:// (h2c) or all https:// (TLS).
/// </summary>
public static class HostAddresses
{
    /// <summary>Every address given, in order, duplicates dropped; or the reason the text is not a list of host addresses.</summary>
    public static bool TryParse(IEnumerable<string> values, out IReadOnlyList<Uri> addresses, out string? error)
    {
        var parsed = new List<Uri>();
        addresses = parsed;
        foreach (var text in values.SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                error = $"must be an http:// or https:// address, got '{text}'";
                return false;
            }
            if (address.AbsolutePath != "/" || address.Query.Length > 0)
            {
                error = $"must be a host and port only (scheme://host:port), got '{text}'";
                return false;
            }
            if (!parsed.Contains(address))
            {
                parsed.Add(address);
            }
        }
        if (parsed.Count == 0)
        {
            error = "must name at least one address";
            return false;
        }
        if (parsed.Select(address => address.Scheme).Distinct().Count() > 1)
        {
            error = $"must be all http:// or all https://, got {string.Join(",", parsed)}";
            return false;
        }
        error = null;
        return true;
    }
}
