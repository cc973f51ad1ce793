namespace Clearinghouse.Cli.Output;

/// <summary>Renders blocks to standard output.</summary>
public abstract class Printer
{
    public abstract void Print(Block block);

    /// <summary>One line as it arrives (watch): the same text in both renderings.</summary>
    public abstract void Line(IReadOnlyList<string> fields);

    public void Print(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            Print(block);
        }
    }
}
