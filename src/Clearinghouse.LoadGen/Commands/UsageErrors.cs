namespace Clearinghouse.LoadGen.Commands;

/// <summary>The usage errors one command line has: all of them are printed at once, then the command exits with 2.</summary>
internal sealed class UsageErrors(string program)
{
    private readonly List<string> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Check(bool ok, string message)
    {
        if (!ok)
        {
            _errors.Add(message);
        }
    }

    public void Add(string message) => _errors.Add(message);

    /// <summary>Prints every error on stderr and returns the exit code of a usage error.</summary>
    public int Report()
    {
        foreach (var error in _errors)
        {
            Console.Error.WriteLine($"{program}: {error}");
        }
        return ExitCodes.Usage;
    }
}
