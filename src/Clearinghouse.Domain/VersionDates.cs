namespace Clearinghouse.Domain;

/// <summary>
/// Where a new version of something a region publishes (a policy, a catalogue) may take effect. Versions are never
/// edited and never start in the past: what was in force on a past date stays what it was. The first version alone
/// may start in the past (the region brings along what it already has); every later one starts today (China time)
/// or later, and after the latest version. Refusals are FAILED_PRECONDITION: they depend on what was published.
/// </summary>
public static class VersionDates
{
    /// <param name="latest">The latest version's number and effective date; null for the first version.</param>
    /// <param name="firstVersion">What may start in the past, e.g. "a region's first policy version".</param>
    /// <param name="versionName">How a version is named, e.g. "version", "catalogue version".</param>
    public static void Validate(
        DateOnly effectiveFrom, (int Number, DateOnly EffectiveFrom)? latest, DateTimeOffset now, string firstVersion, string versionName)
    {
        if (latest is not { } last)
        {
            return;
        }
        ChinaTime.RequireNotEarlierThanToday(effectiveFrom, now, "effective_from", $"only {firstVersion} may take effect in the past");
        if (effectiveFrom <= last.EffectiveFrom)
        {
            throw RejectedException.FailedPrecondition(
                $"effective_from {CivilDate.Format(effectiveFrom)} must be later than {versionName} {last.Number}'s {CivilDate.Format(last.EffectiveFrom)}");
        }
    }
}
