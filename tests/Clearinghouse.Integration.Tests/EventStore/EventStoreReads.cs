using Clearinghouse.EventStore.Protocol;
using Google.Protobuf;
using Grpc.Core;
using ReadOptions = Clearinghouse.EventStore.Protocol.ReadReq.Types.Options;

namespace Clearinghouse.Integration.Tests.EventStore;

/// <summary>Read requests of the EventStoreDB protocol as a client builds them, and a bounded reader of their answers.</summary>
public static class EventStoreReads
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static ReadReq Stream(string name, bool forwards = true, ulong? revision = null, bool fromEnd = false, ulong count = ulong.MaxValue)
    {
        var stream = new ReadOptions.Types.StreamOptions { StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(name) } };
        if (revision is { } r)
        {
            stream.Revision = r;
        }
        else if (fromEnd)
        {
            stream.End = new Empty();
        }
        else
        {
            stream.Start = new Empty();
        }
        return Request(new ReadOptions { Stream = stream, Count = count }, forwards);
    }

    public static ReadReq All(bool forwards = true, ulong? position = null, bool fromEnd = false, ulong count = ulong.MaxValue) =>
        Request(new ReadOptions { All = AllOptions(position, fromEnd), Count = count }, forwards);

    public static ReadReq SubscribeAll(ulong? position = null, ReadOptions.Types.FilterOptions? filter = null)
    {
        var options = new ReadOptions { All = AllOptions(position, fromEnd: false), Subscription = new ReadOptions.Types.SubscriptionOptions() };
        if (filter is not null)
        {
            options.Filter = filter;
        }
        return Request(options, forwards: true);
    }

    public static ReadOptions.Types.FilterOptions StreamPrefix(params string[] prefixes)
    {
        var expression = new ReadOptions.Types.FilterOptions.Types.Expression();
        expression.Prefix.AddRange(prefixes);
        return new ReadOptions.Types.FilterOptions { StreamIdentifier = expression, Max = 32, CheckpointIntervalMultiplier = 1 };
    }

    /// <summary>Every answer of a read that ends by itself (a count, not a subscription).</summary>
    public static async Task<List<ReadResp>> ReadAsync(Streams.StreamsClient client, ReadReq request)
    {
        using var call = client.Read(request, deadline: DateTime.UtcNow + Deadline);
        var answers = new List<ReadResp>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
        {
            answers.Add(answer);
        }
        return answers;
    }

    public static List<ReadResp.Types.ReadEvent.Types.RecordedEvent> Events(IEnumerable<ReadResp> answers) =>
        [.. answers.Where(a => a.ContentCase == ReadResp.ContentOneofCase.Event).Select(a => a.Event.Event)];

    public static string Name(this ReadResp.Types.ReadEvent.Types.RecordedEvent e) => e.StreamIdentifier.StreamName.ToStringUtf8();

    public static string Type(this ReadResp.Types.ReadEvent.Types.RecordedEvent e) => e.Metadata["type"];

    private static ReadOptions.Types.AllOptions AllOptions(ulong? position, bool fromEnd) =>
        position is { } p ? new() { Position = new ReadOptions.Types.Position { CommitPosition = p, PreparePosition = p } }
        : fromEnd ? new() { End = new Empty() }
        : new() { Start = new Empty() };

    private static ReadReq Request(ReadOptions options, bool forwards)
    {
        options.ReadDirection = forwards ? ReadOptions.Types.ReadDirection.Forwards : ReadOptions.Types.ReadDirection.Backwards;
        options.UuidOption = new ReadOptions.Types.UUIDOption { String = new Empty() };
        if (options.FilterOptionCase == ReadOptions.FilterOptionOneofCase.None)
        {
            options.NoFilter = new Empty();
        }
        return new ReadReq { Options = options };
    }
}
