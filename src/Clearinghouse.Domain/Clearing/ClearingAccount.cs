namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The platform's clearing account (清算账户): net debtors pay into it at close, and it pays net creditors.
/// Its code is "000000", which is not a region: region codes are 6-digit administrative division codes
/// and 000000 names none, so a transfer's party can never be mistaken for a region.
/// </summary>
public static class ClearingAccount
{
    public const string Code = "000000";
}
