using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>The visit detail an inpatient stay needs: admitted a few days before its discharge (the service date), with a main diagnosis.</summary>
public static class Stays
{
    public static VisitDetail Ending(DateOnly discharge, int nights = 3, string diagnosis = "J18.9") => new()
    {
        AdmissionDate = ChinaClock.Format(discharge.AddDays(-nights)),
        DischargeDate = ChinaClock.Format(discharge),
        DiagnosisCode = diagnosis,
    };

    /// <summary>The same for a service date as the request carries it (YYYY-MM-DD).</summary>
    public static VisitDetail Ending(string discharge) => Ending(DateOnly.ParseExact(discharge, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
