using Clearinghouse.Cli.Reports;
using Grpc.Core;

namespace Clearinghouse.Cli.Commands;

/// <summary>
/// Sends a checked file (a daily report, a catalogue) over its client-streaming call: the header, then the records
/// in batches. The file was scanned first, so it is known to be well formed and its fingerprint known; should it
/// fail to read or differ from the scan now, the call is cancelled before it completes, so the server records nothing.
/// </summary>
public static class FileUpload
{
    /// <param name="header">The call's first message.</param>
    /// <param name="batch">One message carrying a batch of records.</param>
    /// <param name="rerun">The command to run again should the file change while it is sent.</param>
    public static async Task<TResponse> SendAsync<TRequest, TResponse, TRecord>(
        AsyncClientStreamingCall<TRequest, TResponse> call, CancellationTokenSource abandon, TRequest header, string path,
        Func<CheckedCsvFile<TRecord>> open, Func<IReadOnlyList<TRecord>, TRequest> batch, int batchSize, string fingerprint, string rerun)
        where TRecord : class
    {
        try
        {
            await call.RequestStream.WriteAsync(header, abandon.Token);
            using var file = open();
            var pending = new List<TRecord>(batchSize);
            while (Read(path, file.Next) is { } record)
            {
                pending.Add(record);
                if (pending.Count == batchSize)
                {
                    await call.RequestStream.WriteAsync(batch(pending), abandon.Token);
                    pending = new List<TRecord>(batchSize);
                }
            }
            if (pending.Count > 0)
            {
                await call.RequestStream.WriteAsync(batch(pending), abandon.Token);
            }
            if (file.Fingerprint() != fingerprint)
            {
                throw new IOException($"{path} changed while it was being sent: the call was cancelled, nothing was recorded; run {rerun} again");
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is UsageException or IOException)
        {
            await abandon.CancelAsync();
            throw;
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException && !abandon.IsCancellationRequested)
        {
            // The server answered before the file ended (a refusal): the call's status says why.
        }
        return await call.ResponseAsync;
    }

    /// <summary>Runs a read of the file, turning a format error into the command line's "FILE:LINE: what".</summary>
    /// <summary>
    /// The fingerprint of a whole file, read once before anything is sent: it makes the default request id, so the
    /// same file sent again is a retry. A missing file or a bad record is a usage error naming <paramref name="argument"/> or the line.
    /// </summary>
    public static string Fingerprint<TFile>(string path, string argument, Func<string, TFile> open, Func<TFile, (string Fingerprint, long Records)> readToEnd)
        where TFile : IDisposable
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{argument}: no such file '{path}'");
        }
        using var scan = open(path);
        return Read(path, () => readToEnd(scan)).Fingerprint;
    }

    public static T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ReportFormatException e)
        {
            throw new UsageException($"{path}:{e.Line}: {e.What}");
        }
    }
}
