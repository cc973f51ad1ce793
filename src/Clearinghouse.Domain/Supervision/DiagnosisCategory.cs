namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The ICD-10 category of a diagnosis code: its first three characters (a letter and two digits, e.g. K35 of
/// K35.800). Comparing categories rather than full codes is the usual practice for readmissions, since the
/// subcode of the same illness often changes between two stays.
/// </summary>
public static class DiagnosisCategory
{
    public const int Length = 3;

    /// <summary>The category, or null when there is no usable code (an outpatient visit may name none).</summary>
    public static string? Of(string? diagnosis) =>
        diagnosis is { Length: >= Length } ? diagnosis[..Length].ToUpperInvariant() : null;
}
