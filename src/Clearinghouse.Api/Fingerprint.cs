using System.Security.Cryptography;
using Google.Protobuf;

namespace Clearinghouse.Api;

/// <summary>
/// A request's content, hashed, without its request id: two requests with the same id and the same
/// fingerprint are the same request (a retry); the same id with another fingerprint is a conflict.
/// The message type's name is part of the hash, so one id reused on another RPC never matches.
/// </summary>
public static class Fingerprint
{
    public static string Of<T>(T request, Action<T> clearRequestId) where T : IMessage<T>
    {
        var copy = request.Clone();
        clearRequestId(copy);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(copy.Descriptor.FullName));
        hash.AppendData(copy.ToByteArray());
        return Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 16);
    }
}
