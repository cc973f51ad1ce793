using System.Security.Cryptography;
using Clearinghouse.V1;
using Google.Protobuf;

namespace Clearinghouse.Cli.Reports;

/// <summary>
/// A policy file: the <c>Policy</c> message of registry.proto in its protobuf JSON form (field names in snake or
/// lower camel case, enums by name), schemes and the optional supervision section. An unknown field or a malformed
/// value is refused before anything is sent; what the values must be is the server's to check.
/// </summary>
public static class PolicyFileReader
{
    /// <summary>At most this many bytes: a policy is a few kilobytes, even with per-code limits.</summary>
    public const int MaxBytes = 1_000_000;

    public static (Policy Policy, string Fingerprint) Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"--file: no such file '{path}'");
        }
        if (info.Length > MaxBytes)
        {
            throw new UsageException($"--file: {path} is {info.Length} bytes; a policy file is at most {MaxBytes}");
        }
        Policy policy;
        try
        {
            policy = JsonParser.Default.Parse<Policy>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw new UsageException($"--file: {path} is not a policy (protobuf JSON of clearinghouse.v1.Policy): {e.Message}");
        }
        // Of the message, not the text: the same policy laid out differently is the same request.
        return (policy, Convert.ToHexStringLower(SHA256.HashData(policy.ToByteArray()))[..16]);
    }
}
