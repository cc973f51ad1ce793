using Spectre.Console;
using Spectre.Console.Rendering;

namespace Clearinghouse.Cli.Output;

/// <summary>Output for a terminal: Spectre.Console tables. Values are rendered as text, never as markup.</summary>
public sealed class RichPrinter(TextWriter writer) : Printer
{
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.No,
    });

    public override void Print(Block block)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape(block.Title)) };
        switch (block)
        {
            case FieldsBlock fields:
                table.HideHeaders();
                table.AddColumn(new TableColumn(""));
                table.AddColumn(new TableColumn("").RightAligned());
                foreach (var field in fields.Fields)
                {
                    table.AddRow(new Text(field.Label, new Style(decoration: Decoration.Bold)), new Text(field.Value));
                }
                break;
            case TableBlock rows:
                foreach (var column in rows.Columns)
                {
                    var added = new TableColumn(new Text(column.Label, new Style(decoration: Decoration.Bold)));
                    table.AddColumn(column.AlignRight ? added.RightAligned() : added);
                }
                foreach (var row in rows.Rows)
                {
                    table.AddRow(row.Select(value => (IRenderable)new Text(value)));
                }
                if (rows.Rows.Count == 0)
                {
                    table.Caption = new TableTitle("(none)");
                }
                break;
            default:
                throw new ArgumentException($"unknown block {block.GetType().Name}", nameof(block));
        }
        _console.Write(table);
        writer.Flush();
    }

    public override void Line(IReadOnlyList<string> fields)
    {
        _console.WriteLine(string.Join("  ", fields));
        writer.Flush();
    }
}
