using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Clearinghouse.Integration.Tests.Fuzz;

/// <summary>
/// Messages of any type with random values in their fields, built through the protobuf reflection API:
/// strings empty, very long, Chinese, emoji or code-like; integers at their extremes and negative; enum
/// numbers defined and undefined; repeated fields empty, short or long; nested messages a few levels deep.
/// They parse, so what they test is that the host refuses what breaks its rules with a definite status.
/// </summary>
public sealed class RandomMessages(Random random)
{
    private const int MaxDepth = 3;

    private static readonly string[] Strings =
    [
        "", " ", "110000", "11", "000000", "999999", "2026-12", "2026-12-01", "1970-01-01", "9999-12-31", "2026-13-40",
        "中文医保结算", "北京市", "😀🏥", "\u0000", "\u200b", "null", "-1", "0123456789abcdef0123456789abcdef",
        "'; drop table mt_events; --", "%s%n", "../../etc/passwd",
    ];

    private static readonly long[] Longs = [0, 1, -1, 100, 10_000, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, 1L << 53];
    private static readonly int[] Ints = [0, 1, -1, 2, 3, 100, 10_000, int.MaxValue, int.MinValue];

    public IMessage Message(MessageDescriptor descriptor) => Message(descriptor, depth: 0, small: false);

    private IMessage Message(MessageDescriptor descriptor, int depth, bool small)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        if (depth >= MaxDepth)
        {
            return message;
        }
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (random.Next(4) == 0)
            {
                continue;
            }
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var key = field.MessageType.FindFieldByNumber(1);
                var value = field.MessageType.FindFieldByNumber(2);
                for (var i = Count(small, out _); i > 0; i--)
                {
                    map[Value(key, depth, small: true)] = Value(value, depth, small: true);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                var count = Count(small, out var many);
                for (var i = 0; i < count; i++)
                {
                    list.Add(Value(field, depth, small || many));
                }
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, depth, small));
            }
        }
        return message;
    }

    /// <summary>Mostly a few; now and then thousands (their elements then kept small so the message stays sendable).</summary>
    private int Count(bool small, out bool many)
    {
        many = !small && random.Next(10) == 0;
        return many ? random.Next(1_000, 5_000) : random.Next(0, 4);
    }

    private object Value(FieldDescriptor field, int depth, bool small) => field.FieldType switch
    {
        FieldType.String => Text(small),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(small ? random.Next(0, 16) : random.Next(0, 256))),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : Ints[random.Next(Ints.Length)],
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Longs[random.Next(Longs.Length)],
        FieldType.UInt32 or FieldType.Fixed32 => (uint)random.Next(int.MinValue, int.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)random.NextInt64(long.MinValue, long.MaxValue),
        FieldType.Double => random.NextDouble() * 1e6,
        FieldType.Float => (float)random.NextDouble(),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, EnumNumber(field.EnumType)),
        FieldType.Message or FieldType.Group => Message(field.MessageType, depth + 1, small),
        _ => throw new NotSupportedException($"field {field.FullName} of type {field.FieldType}"),
    };

    /// <summary>A defined number most of the time; otherwise one no version of the enum defines.</summary>
    private int EnumNumber(EnumDescriptor type) => random.Next(3) switch
    {
        0 => random.Next(-5, 1_000),
        1 => random.Next(2) == 0 ? int.MaxValue : int.MinValue,
        _ => type.Values[random.Next(type.Values.Count)].Number,
    };

    private string Text(bool small)
    {
        switch (random.Next(small ? 3 : 4))
        {
            case 0:
                return Strings[random.Next(Strings.Length)];
            case 1:
                return new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0x20, 0x7f)).ToArray());
            case 2:
                return random.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            default:
                // Very long: far beyond any code, id or name the clearinghouse keeps.
                return new string((char)random.Next(0x4e00, 0x9fff), random.Next(4_000, 40_000));
        }
    }

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
