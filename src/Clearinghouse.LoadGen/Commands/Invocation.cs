using System.CommandLine;

namespace Clearinghouse.LoadGen.Commands;

internal static class Invocation
{
    /// <summary>Parses and runs a command line; a parse error exits with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // A usage error exits with 2, as the commands' own checks do (README, docs/performance.md), rather than
            // System.CommandLine's 1, which this program reserves for a verification mismatch.
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine("loadgen: " + error.Message);
            }
            Console.Error.WriteLine("loadgen: see --help");
            return ExitCodes.Usage;
        }
        // No process-termination handling by System.CommandLine: the settle run handles Ctrl-C and SIGTERM itself
        // (the first stops new sends, the second aborts).
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
