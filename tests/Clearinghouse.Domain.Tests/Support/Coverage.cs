using System.Collections.Concurrent;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>
/// Counts how often a property met each boundary case, so a generator that drifts away from the
/// interesting cases fails the test instead of passing on easy inputs only. Thread-safe: CsCheck
/// samples on several threads.
/// </summary>
public sealed class Coverage
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public void Hit(string label, bool when = true)
    {
        if (when)
        {
            _counts.AddOrUpdate(label, 1, (_, n) => n + 1);
        }
    }

    public long this[string label] => _counts.GetValueOrDefault(label);

    public override string ToString() =>
        string.Join(Environment.NewLine, _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));

    /// <summary>Every label must have been hit at least <paramref name="minimum"/> times.</summary>
    public void RequireAtLeast(long minimum, params string[] labels)
    {
        var missing = labels.Where(l => this[l] < minimum).Select(l => $"{l}={this[l]}").ToArray();
        Assert.True(missing.Length == 0, $"boundary cases met too rarely (want ≥ {minimum}): {string.Join(", ", missing)}");
    }
}
