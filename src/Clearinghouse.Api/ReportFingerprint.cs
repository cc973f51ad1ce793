using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Clearinghouse.Api;

/// <summary>
/// The <see cref="Fingerprint"/> of a streamed request, built as its messages arrive: the header without
/// its request id, then every message, each length-prefixed so that no two different streams hash alike.
/// A retry must therefore resend the same entries in the same order.
/// </summary>
public sealed class ReportFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _length = new byte[4];

    public ReportFingerprint(string streamTypeName, IMessage headerWithoutRequestId)
    {
        _hash.AppendData(System.Text.Encoding.UTF8.GetBytes(streamTypeName));
        Add(headerWithoutRequestId);
    }

    public void Add(IMessage message)
    {
        var bytes = message.ToByteArray();
        BinaryPrimitives.WriteInt32LittleEndian(_length, bytes.Length);
        _hash.AppendData(_length);
        _hash.AppendData(bytes);
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset(), 0, 16);

    public void Dispose() => _hash.Dispose();
}
