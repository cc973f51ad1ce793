namespace Clearinghouse.Cli.Output;

/// <summary>
/// Output for scripts (stdout redirected, or --plain): each block starts with "# name"; a fields block is
/// one "key&lt;TAB&gt;value" line per field; a table is a header line of column keys, then one line per row,
/// fields separated by tabs; blocks are separated by an empty line. Amounts are yuan with two decimals.
/// </summary>
public sealed class PlainPrinter(TextWriter writer) : Printer
{
    private bool _first = true;

    public override void Print(Block block)
    {
        if (!_first)
        {
            writer.WriteLine();
        }
        _first = false;
        writer.WriteLine("# " + block.Name);
        switch (block)
        {
            case FieldsBlock fields:
                foreach (var field in fields.Fields)
                {
                    writer.WriteLine(Clean(field.Key) + "\t" + Clean(field.Value));
                }
                break;
            case TableBlock table:
                writer.WriteLine(string.Join('\t', table.Columns.Select(c => Clean(c.Key))));
                foreach (var row in table.Rows)
                {
                    writer.WriteLine(string.Join('\t', row.Select(Clean)));
                }
                break;
            default:
                throw new ArgumentException($"unknown block {block.GetType().Name}", nameof(block));
        }
        writer.Flush();
    }

    public override void Line(IReadOnlyList<string> fields)
    {
        writer.WriteLine(string.Join('\t', fields.Select(Clean)));
        writer.Flush();
    }

    /// <summary>Tabs and line breaks inside a value would break the layout: they become spaces.</summary>
    public static string Clean(string value) =>
        value.AsSpan().IndexOfAny("\t\r\n") < 0 ? value : value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
