using Clearinghouse.Domain;
using Grpc.Core;

namespace Clearinghouse.Api;

/// <summary>
/// The client-streaming calls that send a header, then batches (a daily report, a catalogue): their first message
/// must be the header, or the call is refused before anything else is read.
/// </summary>
public static class HeaderFirstStream
{
    public static async Task<THeader> ReadHeaderAsync<TRequest, THeader>(
        IAsyncStreamReader<TRequest> requestStream, Func<TRequest, THeader?> headerOf, string what, CancellationToken cancellationToken)
        where THeader : class
    {
        if (!await requestStream.MoveNext(cancellationToken) || headerOf(requestStream.Current) is not { } header)
        {
            throw RejectedException.InvalidArgument($"the first message of {what} must be its header");
        }
        return header;
    }
}
