using System.Security.Cryptography;
using System.Text;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// A flag's id and stream, derived from its finding key alone: the same finding found again (a restart, a replay)
/// names the same stream, whose first event can be written once, so no finding is flagged twice.
/// </summary>
public static class FlagIds
{
    public const string StreamPrefix = "flag:";

    /// <summary>The processor's own stream (its checkpoints).</summary>
    public const string ProcessorStream = "supervision";

    /// <summary>The scope of the processor's request keys: findings and checkpoints are no region's requests.</summary>
    public const string Scope = "supervision";

    /// <summary>"F" and the first 20 hex digits of the key's SHA-256: 80 bits, readable, collision-free in practice.</summary>
    public static string Of(string findingKey) =>
        "F" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(findingKey)))[..20];

    public static string Stream(string flagId) => StreamPrefix + flagId;
}
