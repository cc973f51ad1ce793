namespace Clearinghouse.LoadGen;

/// <summary>
/// The exit codes of the settlement benchmark (README, docs/performance.md): scripts such as ops/bench.sh
/// tell a verification mismatch from a usage error by them, so they never change meaning.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The ledger read back differs from what the generator was told, or could not be read.</summary>
    public const int VerificationFailed = 1;

    /// <summary>A usage error, a failed set-up or a failed baseline.</summary>
    public const int Usage = 2;

    /// <summary>The run finished but no settlement was accepted.</summary>
    public const int NothingAccepted = 3;

    /// <summary>Aborted (a second Ctrl-C or SIGTERM).</summary>
    public const int Aborted = 130;
}
