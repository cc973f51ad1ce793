using Clearinghouse.V1.Identity;
using Clearinghouse.Api.CallerLimits;
using System.Collections.Concurrent;
using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Fuzz;

/// <summary>
/// Every RPC of every clearinghouse.v1 service, sent bytes that are not its message (random, truncated,
/// invalid UTF-8 in a string, as long as the host accepts and one byte longer) and messages that parse
/// but carry random values. Every answer is a definite status, never UNKNOWN or INTERNAL; bytes that do
/// not parse are INVALID_ARGUMENT (RESOURCE_EXHAUSTED beyond the size limit) and write nothing; the host
/// logs them as one line without a stack trace, and still serves afterwards. The run is seeded
/// (CLEARINGHOUSE_FUZZ_SEED overrides the seed; every failure names it).
/// </summary>
public sealed class MalformedRequestFuzzTests(ClearinghouseFixture fixture, ITestOutputHelper output) : IClassFixture<ClearinghouseFixture>
{
    private const int UnparseablePerRpc = 40;
    private const int RandomValuesPerRpc = 60;
    private const int Parallelism = 8;

    /// <summary>A server-streaming call that is accepted runs until its deadline (a watch has no end of its own).</summary>
    private static readonly TimeSpan WatchDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    private enum Expect
    {
        /// <summary>
        /// INVALID_ARGUMENT: the one message (or the first of a stream) does not parse. A caller refused
        /// before its message is read (UNAUTHENTICATED, PERMISSION_DENIED) is refused all the same.
        /// </summary>
        InvalidArgument,
        /// <summary>Exactly RESOURCE_EXHAUSTED: longer than the host's limit.</summary>
        ResourceExhausted,
        /// <summary>Any definite refusal: a stream whose unparseable message follows messages that parse.</summary>
        Refused,
        /// <summary>Any definite status, OK included: messages that parse, with random values.</summary>
        Definite,
    }

    private sealed record Case(string Kind, MethodDescriptor Rpc, IReadOnlyList<byte[]> Messages, Expect Expect);

    [Fact]
    public async Task Every_rpc_answers_malformed_and_random_requests_with_a_definite_status_and_keeps_serving()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLEARINGHOUSE_FUZZ_SEED"), CultureInfo.InvariantCulture, out var chosen)
            ? chosen : 20_261_206;
        output.WriteLine($"seed {seed} (CLEARINGHOUSE_FUZZ_SEED), {RawRpc.AllMethods.Count} RPCs: {string.Join(", ", RawRpc.AllMethods.Select(m => m.Name))}");
        Assert.Contains(RawRpc.AllMethods, m => m.FullName == "clearinghouse.v1.SettlementService.SettleStream");
        var random = new Random(seed);
        var values = new RandomMessages(random);
        var refusals = RawRpc.AllMethods.SelectMany(rpc => Unparseable(rpc, values, random)).ToList();
        var overLong = RawRpc.AllMethods.SelectMany(rpc => OverLong(rpc, ReceiveLimitOf(rpc))).ToList();
        var parseable = RawRpc.AllMethods.SelectMany(rpc => RandomValues(rpc, values)).ToList();

        var logs = new LogCapture();
        fixture.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var failures = new List<string>();
        try
        {
            // Calls that must all be refused run first: the store must read the same afterwards. Random values that parse may be accepted and write; they come after.
            // The clearing opens its first period when first asked, and the host's own period watch asks
            // at start, in the background: asked here first, so that write is done before the count.
            await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest());
            var before = await fixture.Database.CountsAsync();
            failures.AddRange(await RunAsync("unparseable", refusals, Parallelism));
            // One at a time: many megabytes in flight on a connection whose calls end before their client
            // has finished sending can outlast Kestrel's grace period for such a stream, and it then closes
            // the whole connection (every call on it fails at the client), which is not what is tested here.
            failures.AddRange(await RunAsync("over-long", overLong, parallelism: 1));
            var after = await fixture.Database.CountsAsync();
            if (after != before)
            {
                failures.Add($"refused calls wrote: before {before}, after {after}");
            }
            failures.AddRange(await RunAsync("random values", parseable, Parallelism));
        }
        finally
        {
            logs.Stop();
        }

        // grpc-dotnet itself logs, with its stack, a unary request whose client reset the stream before the
        // message was complete: the channel here does that to a message over its own send limit, which
        // never reaches the host's parser. That is a client going away, not malformed input.
        var resets = logs.Entries.Where(e => e.Category == "Grpc.AspNetCore.Server.ServerCallHandler"
            && e.Exception is IOException { Message: "The client reset the request stream." }).ToList();
        output.WriteLine($"log: {logs.Entries.Count} entries, {resets.Count} of them grpc-dotnet's on a client reset");
        foreach (var entry in logs.Entries.Except(resets).Where(e => e.Exception is not null || e.Message.Contains('\n', StringComparison.Ordinal)).Take(5))
        {
            failures.Add($"logged with a stack trace or over several lines: {entry}");
        }
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} failures, the first ones:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
        Assert.Contains(logs.Entries, e => e.Message.Contains("is not a valid clearinghouse.v1.", StringComparison.Ordinal));

        var health = await new Health.HealthClient(fixture.Host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var period = await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest());
        Assert.Matches(@"^\d{4}-\d{2}$", period.Period_);
    }

    private async Task<List<string>> RunAsync(string name, IReadOnlyList<Case> cases, int parallelism)
    {
        var seen = new ConcurrentDictionary<(string Kind, StatusCode Code), int>();
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (@case, _) =>
        {
            var deadline = @case.Rpc.IsServerStreaming && !@case.Rpc.IsClientStreaming ? WatchDeadline : CallDeadline;
            var status = await RawRpc.CallAsync(InvokerFor(@case), @case.Rpc, @case.Messages, deadline);
            seen.AddOrUpdate((@case.Kind, status.StatusCode), 1, (_, n) => n + 1);
            if (Failure(@case, status, deadline == WatchDeadline) is { } failure)
            {
                failures.Enqueue($"{@case.Rpc.FullName} [{@case.Kind}, {@case.Messages.Count} message(s), {@case.Messages.Sum(m => m.Length)} bytes]: {failure}");
            }
        });
        output.WriteLine($"{name}: {cases.Count} calls");
        foreach (var group in seen.OrderBy(s => s.Key.Kind, StringComparer.Ordinal).ThenBy(s => s.Key.Code))
        {
            output.WriteLine($"  {group.Key.Kind,-22} {group.Key.Code,-20} {group.Value,5}");
        }
        foreach (var total in seen.GroupBy(s => s.Key.Code).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {"all",-22} {total.Key,-20} {total.Sum(s => s.Value),5}");
        }
        return [.. failures];
    }

    private static string? Failure(Case @case, Status status, bool mayRunToDeadline)
    {
        var said = $"{status.StatusCode} \"{status.Detail}\"";
        if (status.StatusCode is StatusCode.Unknown or StatusCode.Internal)
        {
            return $"not a definite status: {said}";
        }
        if (status.StatusCode is StatusCode.Cancelled or StatusCode.Unavailable
            || (status.StatusCode == StatusCode.DeadlineExceeded && !mayRunToDeadline))
        {
            return $"the call did not end by itself: {said}";
        }
        return @case.Expect switch
        {
            Expect.InvalidArgument when status.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                => $"expected InvalidArgument, got {said}",
            Expect.ResourceExhausted when status.StatusCode != StatusCode.ResourceExhausted => $"expected ResourceExhausted, got {said}",
            Expect.Refused when status.StatusCode == StatusCode.OK => "expected a refusal, got OK",
            _ => null,
        };
    }

    /// <summary>
    /// Bytes the RPC's own parser refuses (checked here with the generated parser): random bytes, a random
    /// message cut short, a random message with invalid UTF-8 in one of its strings. On a streaming RPC the
    /// bad message comes first, or after a few that parse.
    /// </summary>
    private static IEnumerable<Case> Unparseable(MethodDescriptor rpc, RandomMessages values, Random random)
    {
        var type = rpc.InputType;
        var made = 0;
        for (var attempt = 0; made < UnparseablePerRpc && attempt < UnparseablePerRpc * 20; attempt++)
        {
            var (kind, bytes) = (attempt % 4) switch
            {
                0 or 1 => ("random bytes", values.RandomBytes(random.Next(1, 512))),
                2 => ("truncated", Truncated(values.Message(type).ToByteArray(), random)),
                _ => ("invalid utf-8", WithInvalidUtf8(type, values, random)),
            };
            if (bytes is null || Parses(type, bytes))
            {
                continue;
            }
            made++;
            var before = rpc.IsClientStreaming ? random.Next(0, 3) : 0;
            var messages = Enumerable.Range(0, before).Select(_ => values.Message(type).ToByteArray()).Append(bytes).ToList();
            // Larger than the service's receive limit, a message is refused unread (RESOURCE_EXHAUSTED).
            var expect = bytes.Length > ReceiveLimitOf(rpc) ? Expect.ResourceExhausted : before == 0 ? Expect.InvalidArgument : Expect.Refused;
            yield return new Case(kind, rpc, messages, expect);
        }
        Assert.True(made == UnparseablePerRpc, $"{rpc.FullName}: only {made} unparseable messages made");
    }

    /// <summary>
    /// The caller a case goes as: the identity the access table admits for its first message when that parses (so
    /// random values get past authorization to the service's own checks), else an officer (raw bytes name no region).
    /// </summary>
    private CallInvoker InvokerFor(Case @case)
    {
        IMessage? first = null;
        if (@case.Messages.Count > 0)
        {
            try
            {
                first = @case.Rpc.InputType.Parser.ParseFrom(@case.Messages[0]);
            }
            catch (InvalidProtocolBufferException)
            {
            }
        }
        var need = CallRoutes.For(@case.Rpc.Service.FullName, @case.Rpc.Name, first);
        return fixture.Host.ChannelFor(TestCallers.For(need)).CreateCallInvoker();
    }

    /// <summary>The largest message the host receives for the RPC's service (MessageSizeLimits).</summary>
    private static int ReceiveLimitOf(MethodDescriptor rpc) => rpc.Service.Name switch
    {
        "ReconciliationService" => MessageSizeLimits.ReconciliationService,
        "SettlementService" => MessageSizeLimits.SettlementService,
        "RegistryService" => MessageSizeLimits.RegistryService,
        "ClearingService" => MessageSizeLimits.ClearingService,
        "AuditService" => MessageSizeLimits.AuditService,
        "SupervisionService" => MessageSizeLimits.SupervisionService,
        _ => MessageSizeLimits.HostWide,
    };

    /// <summary>As long as the service accepts (bytes that do not parse: INVALID_ARGUMENT), and one byte longer.</summary>
    private static IEnumerable<Case> OverLong(MethodDescriptor rpc, int maxReceive)
    {
        // 0xFF bytes are a varint that never ends: no message parses from them.
        var atLimit = Enumerable.Repeat((byte)0xFF, maxReceive).ToArray();
        yield return new Case("at the size limit", rpc, [atLimit], Expect.InvalidArgument);
        yield return new Case("over the size limit", rpc, [[.. atLimit, 0xFF]], Expect.ResourceExhausted);
    }

    private static IEnumerable<Case> RandomValues(MethodDescriptor rpc, RandomMessages values)
    {
        for (var i = 0; i < RandomValuesPerRpc; i++)
        {
            var count = rpc.IsClientStreaming ? 1 + (i % 4) : 1;
            yield return new Case("random values", rpc, Enumerable.Range(0, count).Select(_ => values.Message(rpc.InputType).ToByteArray()).ToList(), Expect.Definite);
        }
    }

    private static byte[]? Truncated(byte[] message, Random random) =>
        message.Length < 2 ? null : message[..random.Next(1, message.Length)];

    /// <summary>A random message with one more string field whose bytes are not UTF-8 (a later value of a field wins).</summary>
    private static byte[]? WithInvalidUtf8(MessageDescriptor type, RandomMessages values, Random random)
    {
        var strings = type.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String && !f.IsRepeated).ToList();
        if (strings.Count == 0)
        {
            return null;
        }
        var field = strings[random.Next(strings.Count)];
        byte[] invalid = [0x41, 0xC3, 0x28, 0xFF, 0xFE];
        using var stream = new MemoryStream();
        values.Message(type).WriteTo(stream);
        var output = new CodedOutputStream(stream, leaveOpen: true);
        output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(invalid));
        output.Flush();
        return stream.ToArray();
    }

    private static bool Parses(MessageDescriptor type, byte[] bytes)
    {
        try
        {
            type.Parser.ParseFrom(bytes);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
