using System.CommandLine;
using Grpc.Core;

namespace Clearinghouse.Cli;

/// <summary>Gives a command its action, wrapped in the one error policy: message on stderr, exit code by class.</summary>
public sealed class Definer(GlobalOptions globals, TextWriter output, TextWriter error, bool terminal)
{
    public void Action(Command command, Func<CliContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(parse, globals, output, error, terminal);
            try
            {
                return await body(context, cancellationToken);
            }
            catch (Exception e) when (e is UsageException or Clearinghouse.V1.ClientTlsException)
            {
                await error.WriteLineAsync("error: " + e.Message);
                return ExitCodes.InvalidArguments;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("error: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("error: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (RpcException e)
            {
                await error.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}");
                return ExitCodes.Of(e.StatusCode);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync("error: " + e.Message);
                return ExitCodes.Other;
            }
            catch (UnauthorizedAccessException e)
            {
                await error.WriteLineAsync("error: " + e.Message);
                return ExitCodes.Other;
            }
        });
    }
}
