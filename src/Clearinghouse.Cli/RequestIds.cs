namespace Clearinghouse.Cli;

/// <summary>
/// Default request ids: derived from the command's arguments, so re-running the same command is a retry
/// of the same request (the server answers the first outcome and writes nothing new), never a second close
/// or confirmation. A forced close has an id of its own, so a close refused for open discrepancies can be
/// followed by a forced one, and a forced one by a plain re-run that just prints the summary.
/// </summary>
public static class RequestIds
{
    public static string Close(string period, bool force) => force ? $"close-{period}-force" : $"close-{period}";

    public static string Confirm(string period, string regionCode) => $"confirm-{period}-{regionCode}";

    /// <summary>
    /// A daily report: the care region, the business day and the fingerprint of the file's entries
    /// (<see cref="Reports.DailyReportReader.Fingerprint"/>), so the same file again is a retry of the same
    /// submission, and a corrected file a new submission that replaces the day's result.
    /// </summary>
    public static string Report(string careRegionCode, string businessDate, string fingerprint) =>
        $"report-{careRegionCode}-{businessDate}-{fingerprint}";

    /// <summary>
    /// A catalogue version: the care region, the effective date and the fingerprint of the file's items, so the same
    /// file again is a retry, and a corrected file a new version (refused if its date is not later than the first's).
    /// </summary>
    public static string Catalogue(string regionCode, string effectiveFrom, string fingerprint) =>
        $"catalogue-{regionCode}-{effectiveFrom}-{fingerprint}";

    /// <summary>
    /// A policy version: the insured region, the effective date and the fingerprint of the policy, so the same file
    /// again is a retry, and a changed policy a new version.
    /// </summary>
    public static string Policy(string regionCode, string effectiveFrom, string fingerprint) =>
        $"policy-{regionCode}-{effectiveFrom}-{fingerprint}";

    /// <summary>A discrepancy is resolved once: re-running the command is a retry of that resolution.</summary>
    public static string Resolve(string discrepancyId) => $"resolve-{discrepancyId}";

    public static string ResolveFlag(string flagId) => $"resolve-flag-{flagId}";

    /// <summary>A transfer is executed once: re-running the command is a retry of that mark.</summary>
    public static string Execute(string transferId) => $"execute-{transferId}";

    public static string OrDefault(string? given, string fallback)
    {
        if (given is null)
        {
            return fallback;
        }
        if (string.IsNullOrWhiteSpace(given))
        {
            throw new UsageException("--request-id must not be empty");
        }
        return given;
    }
}
