using System.Globalization;
using System.Text.RegularExpressions;

namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>One scrape in the Prometheus text format, read into its samples: name, labels, value.</summary>
public sealed partial class PrometheusText(string text)
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public string Text { get; } = text;

    public IReadOnlyList<Sample> Samples { get; } = Parse(text);

    /// <summary>The samples of a metric name with these labels (others may be there too).</summary>
    public IEnumerable<Sample> Find(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The one sample of a metric name with these labels, or NaN when there is none.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        Find(name, labels).Select(s => s.Value).DefaultIfEmpty(double.NaN).Single();

    public bool Has(string namePrefix) => Samples.Any(s => s.Name.StartsWith(namePrefix, StringComparison.Ordinal));

    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"not a Prometheus sample line: {line}");
            }
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(match.Groups["name"].Value, labels, value));
        }
        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\S+)?\s*$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
