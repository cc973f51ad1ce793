using System.Collections.Immutable;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The deterministic key of a finding: <c>rule|variant|ids|codes</c>, each list sorted and comma-joined. Ids and
/// codes never hold '|' or ',' in practice (settlement ids are time-ordered ids, codes national item codes), and a
/// key is a readable string rather than a hash so that an auditor can see what it names.
/// </summary>
public static class FindingKey
{
    public static string Of(string ruleId, string variant, ImmutableArray<string> sortedIds, ImmutableArray<string> sortedCodes) =>
        $"{ruleId}|{variant}|{string.Join(',', sortedIds)}|{string.Join(',', sortedCodes)}";

    /// <summary>The key of a period-level finding about one subject, which names no settlements in its key.</summary>
    public static string OfSubject(string ruleId, string subjectKind, string subject, string period, string measure) =>
        $"{ruleId}|{subjectKind}:{subject}|{period}|{measure}";
}
