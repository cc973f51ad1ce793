using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

public sealed partial class SettleStreams
{
    /// <summary>One stream on a channel: its current call, replaced by a new one once it broke.</summary>
    private sealed class Lane(SettleStreams owner, int channel)
    {
        private readonly Lock _gate = new();
        private StreamCall? _call;

        public StreamCall Current()
        {
            var call = Volatile.Read(ref _call);
            if (call is { IsBroken: false })
            {
                return call;
            }
            lock (_gate)
            {
                if (_call is null || _call.IsBroken)
                {
                    ObjectDisposedException.ThrowIf(owner._closed, owner);
                    // No deadline: the call lives for the whole phase; each request has its own timeout.
                    var grpc = owner._rpc.SettlementOn(channel).SettleStream(new CallOptions(cancellationToken: owner._abort));
                    Interlocked.Increment(ref owner._opened);
                    Volatile.Write(ref _call, new StreamCall(owner, grpc));
                }
                return _call!;
            }
        }

        /// <summary>The last call, after which no new one is opened.</summary>
        public StreamCall? Close()
        {
            lock (_gate)
            {
                return _call;
            }
        }
    }
}
