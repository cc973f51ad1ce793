namespace Clearinghouse.Domain.Supervision;

/// <summary>How strongly a finding points at abuse, which is how an auditor orders the queue.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
}
