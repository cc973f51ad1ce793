namespace Clearinghouse.Domain.Supervision;

/// <summary>An officer's decision on a flag.</summary>
public enum FlagResolution
{
    Confirmed = 1,
    FalsePositive = 2,
}

/// <summary>Where a flag stands: open until an officer resolves it.</summary>
public enum FlagStatus
{
    Open = 1,
    Confirmed = 2,
    FalsePositive = 3,
}
