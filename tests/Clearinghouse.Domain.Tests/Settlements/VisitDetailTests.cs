using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>The visit detail's rules (docs/domain.md, "The visit detail") and the accepted form of an ICD-10 code.</summary>
public sealed class VisitDetailTests
{
    private static readonly DateOnly Admitted = new(2026, 3, 2);
    private static readonly DateOnly Discharged = new(2026, 3, 9);

    [Fact]
    public void An_inpatient_stay_settles_on_its_discharge_date_whether_or_not_the_service_date_is_sent()
    {
        var expected = (Discharged, (VisitDetail?)new VisitDetail(Admitted, Discharged, "J18.9"));

        Assert.Equal(expected, VisitDetails.Resolve(VisitType.Inpatient, null, Admitted, Discharged, "J18.9"));
        Assert.Equal(expected, VisitDetails.Resolve(VisitType.Inpatient, Discharged, Admitted, Discharged, "J18.9"));
        // A day case: admitted and discharged the same day.
        Assert.Equal(Admitted, VisitDetails.Resolve(VisitType.Inpatient, null, Admitted, Admitted, "K35.800").ServiceDate);
    }

    [Theory]
    [InlineData(null, "2026-03-09", "J18.9", null, "visit.admission_date is required for an inpatient visit")]
    [InlineData("2026-03-02", null, "J18.9", null, "visit.discharge_date is required for an inpatient visit")]
    [InlineData("2026-03-02", "2026-03-09", null, null, "visit.diagnosis_code (the main diagnosis) is required for an inpatient visit")]
    [InlineData("2026-03-10", "2026-03-09", "J18.9", null, "visit.discharge_date 2026-03-09 is before visit.admission_date 2026-03-10")]
    [InlineData("2026-03-02", "2026-03-09", "J18.9", "2026-03-08",
        "service_date 2026-03-08 must be the discharge date 2026-03-09 for an inpatient visit (or empty)")]
    [InlineData("2026-03-02", "2026-03-09", "J189", null,
        "visit.diagnosis_code must be an ICD-10 code such as J18.9 or K35.800 (a letter A-Z, two digits, optionally '.' and 1-8 letters or digits), got 'J189'")]
    public void An_inpatient_stay_without_a_complete_detail_is_refused_naming_the_field(
        string? admission, string? discharge, string? diagnosis, string? serviceDate, string message)
    {
        var refused = Assert.Throws<RejectedException>(() =>
            VisitDetails.Resolve(VisitType.Inpatient, Parse(serviceDate), Parse(admission), Parse(discharge), diagnosis));

        Assert.Equal((RejectionCode.InvalidArgument, message), (refused.Code, refused.Message));
    }

    [Fact]
    public void An_outpatient_visit_has_no_dates_and_may_name_a_diagnosis()
    {
        var day = new DateOnly(2026, 3, 5);

        Assert.Equal((day, (VisitDetail?)null), VisitDetails.Resolve(VisitType.Outpatient, day, null, null, null));
        Assert.Equal((day, (VisitDetail?)new VisitDetail(null, null, "I10")), VisitDetails.Resolve(VisitType.Outpatient, day, null, null, "I10"));

        var dated = Assert.Throws<RejectedException>(() => VisitDetails.Resolve(VisitType.Outpatient, day, Admitted, null, null));
        Assert.Equal("visit.admission_date must be empty for an outpatient visit", dated.Message);
        var discharged = Assert.Throws<RejectedException>(() => VisitDetails.Resolve(VisitType.Outpatient, day, null, Discharged, null));
        Assert.Equal("visit.discharge_date must be empty for an outpatient visit", discharged.Message);
        var undated = Assert.Throws<RejectedException>(() => VisitDetails.Resolve(VisitType.Outpatient, null, null, null, null));
        Assert.Equal("service_date is required for an outpatient visit", undated.Message);
    }

    [Theory]
    [InlineData("J18.9")]
    [InlineData("K35.800")]
    [InlineData("J18.900x001")]
    [InlineData("U07.1")]
    [InlineData("A00")]
    [InlineData("Z99.12345678")]
    public void Icd10_accepts_a_letter_two_digits_and_an_optional_extension(string code) => Assert.True(Icd10.IsValid(code));

    [Theory]
    [InlineData("")]
    [InlineData("J1")]
    [InlineData("j18.9")]
    [InlineData("J1A.9")]
    [InlineData("1J8.9")]
    [InlineData("J18.")]
    [InlineData("J189")]
    [InlineData("J18-9")]
    [InlineData("J18.9 ")]
    [InlineData("J18.9.1")]
    [InlineData("Z99.123456789")]
    [InlineData("J18.9中")]
    public void Icd10_refuses_any_other_form(string code) => Assert.False(Icd10.IsValid(code));

    [Fact]
    public void The_longest_accepted_code_is_the_declared_maximum() =>
        Assert.Equal(("Z99.12345678".Length, true), (Icd10.MaxLength, Icd10.IsValid("Z99.12345678")));

    private static DateOnly? Parse(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
