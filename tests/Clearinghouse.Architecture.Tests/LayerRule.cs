using System.Reflection;

namespace Clearinghouse.Architecture.Tests;

/// <summary>
/// What one layer's assembly may not reference. A pattern is an assembly name, matched exactly
/// ("Clearinghouse.Grains" does not match "Clearinghouse.Grains.Abstractions"), or a family ending in ".*"
/// ("Npgsql.*" matches "Npgsql" and every "Npgsql.…").
/// </summary>
public sealed record LayerRule(string Layer, IReadOnlyList<string> Forbidden)
{
    /// <summary>The forbidden references among <paramref name="referenced"/>, in the order given.</summary>
    public IReadOnlyList<string> Violations(IEnumerable<string> referenced) =>
        [.. referenced.Where(name => Forbidden.Any(pattern => Matches(pattern, name)))];

    public IReadOnlyList<string> Violations(Assembly assembly) =>
        Violations(assembly.GetReferencedAssemblies().Select(a => a.Name ?? ""));

    public static bool Matches(string pattern, string assemblyName)
    {
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            var family = pattern[..^2];
            return assemblyName == family || assemblyName.StartsWith(family + ".", StringComparison.Ordinal);
        }
        return assemblyName == pattern;
    }
}
