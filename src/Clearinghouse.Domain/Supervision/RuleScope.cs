namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// Which findings a person rule looks for. A processor handing the rules a person's history as each visit arrives
/// wants only the findings that visit completes, and it is the last arrival: every finding it completes pairs it with
/// earlier visits, or is its own. Looking at those alone keeps a visit's cost linear in the person's history instead
/// of going over every pair of it again.
/// </summary>
public enum RuleScope
{
    /// <summary>Every finding over the visits given.</summary>
    All,

    /// <summary>Only findings with the last arrival among the visits given as their latest visit.</summary>
    LastArrival,
}
