namespace Clearinghouse.Domain;

/// <summary>
/// An invariant that does not hold is a programming error, not an operating error: fail loudly and
/// never let the broken figure reach an event.
/// </summary>
public static class Invariant
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }
}

public sealed class InvariantViolationException(string message) : Exception("Invariant violated: " + message);
