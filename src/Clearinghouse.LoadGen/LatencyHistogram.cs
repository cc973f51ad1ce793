using System.Numerics;

namespace Clearinghouse.LoadGen;

/// <summary>
/// A fixed-size, lock-free latency histogram in the spirit of HdrHistogram: values (microseconds) below
/// 256 are exact; above, each power of two is split into 128 linear buckets, so any recorded value is
/// known to within 1/128 (0.8%). Memory is constant (~19 KiB) whatever the number of samples.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 128;
    private const int ExactBelow = 2 * SubBuckets;
    private const int MaxShift = 40;
    private readonly long[] _counts = new long[ExactBelow + MaxShift * SubBuckets];
    private long _count;
    private long _sum;
    private long _max;

    public long Count => Volatile.Read(ref _count);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    private static int IndexOf(long v)
    {
        if (v < ExactBelow)
        {
            return (int)v;
        }
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)v);
        var shift = Math.Min(msb - 7, MaxShift);
        var mantissa = Math.Min(v >> shift, 2 * SubBuckets - 1);
        return ExactBelow + (shift - 1) * SubBuckets + (int)(mantissa - SubBuckets);
    }

    /// <summary>The highest value that falls into bucket <paramref name="index"/>.</summary>
    private static long UpperBound(int index)
    {
        if (index < ExactBelow)
        {
            return index;
        }
        var shift = (index - ExactBelow) / SubBuckets + 1;
        var mantissa = (long)((index - ExactBelow) % SubBuckets + SubBuckets);
        return ((mantissa + 1) << shift) - 1;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), in microseconds (bucket upper bound, capped by the max).</summary>
    public long Quantile(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Max);
            }
        }
        return Max;
    }

    public long Max => Volatile.Read(ref _max);

    public double MeanMicros => Count == 0 ? 0 : (double)Volatile.Read(ref _sum) / Count;

    public LatencySummary Summary() => new(
        Count,
        Quantile(0.50) / 1000.0,
        Quantile(0.95) / 1000.0,
        Quantile(0.99) / 1000.0,
        Quantile(0.999) / 1000.0,
        Max / 1000.0,
        MeanMicros / 1000.0);
}

/// <summary>Latency figures in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);
