using System.Text;

namespace Clearinghouse.Cli.Tests;

/// <summary>An independent RFC 4180 reader (test only): records end with CRLF; quoted fields may hold anything.</summary>
public static class Rfc4180
{
    public static IReadOnlyList<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("unterminated quoted field");
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',' && text[i] != '\r')
                {
                    throw new FormatException($"text after a closing quote at {i}");
                }
            }
            else if (text[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                {
                    throw new FormatException($"a bare CR at {i}");
                }
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else if (text[i] == '"' || text[i] == '\n')
            {
                throw new FormatException($"a quote or LF in an unquoted field at {i}");
            }
            else
            {
                field.Append(text[i++]);
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            throw new FormatException("the last record does not end with CRLF");
        }
        return records;
    }
}
