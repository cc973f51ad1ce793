using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Clearinghouse.Api;

/// <summary>
/// A request's content, hashed, without its request id: two requests with the same id and the same
/// fingerprint are the same request (a retry); the same id with another fingerprint is a conflict.
/// The message type's name is part of the hash, so one id reused on another RPC never matches.
/// </summary>
public static class Fingerprint
{
    /// <summary>Per message type: its request_id field, and its full name in UTF-8 (the hash's prefix).</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, (FieldDescriptor RequestId, byte[] Name)> Shapes = new();

    /// <summary>
    /// The request is hashed as it is, with its <c>request_id</c> blanked for the moment of hashing and
    /// then put back: cheaper than hashing a deep copy (a settlement's copy was a few KB per call), and the
    /// request belongs to the one call that is handling it.
    /// </summary>
    public static string Of<T>(T request) where T : IMessage<T>
    {
        var (field, name) = Shapes.GetOrAdd(request.Descriptor, d =>
            d.FindFieldByName("request_id") is { FieldType: FieldType.String } f
                ? (f, Encoding.UTF8.GetBytes(d.FullName))
                : throw new InvalidOperationException($"{d.FullName} has no string request_id"));
        var requestId = (string)field.Accessor.GetValue(request);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        field.Accessor.SetValue(request, "");
        byte[]? rented = null;
        try
        {
            var length = name.Length + request.CalculateSize();
            rented = ArrayPool<byte>.Shared.Rent(length);
            name.CopyTo(rented, 0);
            request.WriteTo(rented.AsSpan(name.Length, length - name.Length));
            SHA256.HashData(rented.AsSpan(0, length), digest);
        }
        finally
        {
            field.Accessor.SetValue(request, requestId);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return Convert.ToHexStringLower(digest[..16]);
    }
}
