namespace Clearinghouse.Host.Accounts;

/// <summary>Settings under "Clearinghouse:PooledBooking" (docs/accounts.md).</summary>
public sealed class PooledBookingOptions
{
    public const string Section = "Clearinghouse:PooledBooking";

    /// <summary>
    /// How often each silo's sweep books every region's pooled fund; zero or less turns the sweep off (the funds
    /// are then booked only when asked). A fund's unbooked figures are what the sweep has not booked yet.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
