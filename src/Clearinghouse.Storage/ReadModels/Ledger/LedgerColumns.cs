namespace Clearinghouse.Storage.ReadModels.Ledger;

/// <summary>
/// The ledger tables' columns, listed once, in table order, with their PostgreSQL types: the schema
/// (<see cref="LedgerSchema"/>) creates them from these lists and the projection (LedgerProjection) inserts
/// in this order, and anything else that writes ledger rows (a benchmark's seeder) should use them too.
/// The first column is the primary key; every column is NOT NULL. A column added to a table that already holds
/// rows carries a default (the tier columns: 0, what every settlement stored before the tiers paid, and every
/// contribution before it had a serious-illness part), which fills the old rows when the schema is migrated; it is
/// listed last, where the migration adds it. The commit sequence column
/// (<see cref="CommitSequence"/>) is not listed: its default fills it as the row is written.
/// Only the BCL is used here, so the file can be shared with a tool that does not reference Storage.
/// </summary>
public static class LedgerColumns
{
    public const string CommitSequence = "seq";

    public static readonly IReadOnlyList<LedgerColumn> Settlements =
    [
        new("id", "text"),
        new("request_id", "text"),
        new("period", "text"),
        new("person_id", "text"),
        new("insured_region_code", "text"),
        new("care_region_code", "text"),
        new("hospital_code", "text"),
        new("visit_type", "smallint"),
        new("service_date", "date"),
        new("accepted_at", "timestamptz"),
        new("business_date", "date"),
        new("registered", "boolean"),
        new("policy_version", "integer"),
        new("total_fen", "bigint"),
        new("self_pay_c_fen", "bigint"),
        new("copay_b_fen", "bigint"),
        new("eligible_fen", "bigint"),
        new("deductible_fen", "bigint"),
        new("ratio_bp", "integer"),
        new("fund_pay_fen", "bigint"),
        new("account_pay_fen", "bigint"),
        new("cash_pay_fen", "bigint"),
        new("qualifying_self_burden_fen", "bigint", "0"),
        new("serious_illness_pay_fen", "bigint", "0"),
        new("assistance_pay_fen", "bigint", "0"),
        new("over_limit_self_pay_fen", "bigint", "0"),
        new("catalogue_version", "integer", "0"),
    ];

    public static readonly IReadOnlyList<LedgerColumn> Reversals =
    [
        new("id", "text"),
        new("settlement_id", "text"),
        new("request_id", "text"),
        new("period", "text"),
        new("person_id", "text"),
        new("insured_region_code", "text"),
        new("care_region_code", "text"),
        new("accepted_at", "timestamptz"),
        new("business_date", "date"),
        new("fund_pay_fen", "bigint"),
        new("account_pay_fen", "bigint"),
        new("serious_illness_pay_fen", "bigint", "0"),
        new("assistance_pay_fen", "bigint", "0"),
    ];

    /// <summary>
    /// One row per recorded contribution. The key is the request's key ("scope/request id"), unique as request
    /// keys are; the person is the one whose stream recorded it.
    /// </summary>
    public static readonly IReadOnlyList<LedgerColumn> Contributions =
    [
        new("id", "text"),
        new("request_scope", "text"),
        new("request_id", "text"),
        new("person_id", "text"),
        new("insured_region_code", "text"),
        new("period", "text"),
        new("employer_fen", "bigint"),
        new("individual_fen", "bigint"),
        new("account_credit_fen", "bigint"),
        new("pooled_credit_fen", "bigint"),
        new("accepted_at", "timestamptz"),
        new("actor", "text"),
        new("serious_illness_credit_fen", "bigint", "0"),
    ];

    /// <summary>The settlement columns as an SQL column list: "id, request_id, …, cash_pay_fen".</summary>
    public static readonly string SettlementList = NameList(Settlements);

    /// <summary>The reversal columns as an SQL column list: "id, settlement_id, …, account_pay_fen".</summary>
    public static readonly string ReversalList = NameList(Reversals);

    /// <summary>The contribution columns as an SQL column list: "id, request_scope, …, serious_illness_credit_fen".</summary>
    public static readonly string ContributionList = NameList(Contributions);

    private static string NameList(IReadOnlyList<LedgerColumn> columns) => string.Join(", ", columns.Select(c => c.Name));
}

/// <param name="Name">The column's name.</param>
/// <param name="Type">Its PostgreSQL type.</param>
/// <param name="Default">Its default as an SQL expression, for a column added after the table held rows; else null.</param>
public readonly record struct LedgerColumn(string Name, string Type, string? Default = null);
