using System.Text;
using Clearinghouse.Cli;
using Clearinghouse.Integration.Tests.Infrastructure;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>One in-process run of the officer command line: exit code, stdout, stderr.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>
    /// Runs `clearinghouse ARGS --address HOST` with the test CA and the tests' identity folder (each call as
    /// the caller it needs: an officer, an operator, a platform), capturing both streams (plain output: they
    /// are not terminals).
    /// </summary>
    public static async Task<CliRun> RunAsync(Uri address, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--address", address.ToString(), .. CertificateOptions()], output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The run succeeded: exit 0, nothing on stderr. Returns the parsed stdout.</summary>
    public PlainOutput Ok(string what)
    {
        Assert.True(ExitCode == 0 && Error.Length == 0, $"{what}: exit {ExitCode}, stderr: {Error}\nstdout: {Out}");
        return PlainOutput.Parse(Out);
    }

    /// <summary>--ca and --identity-dir of the test CA.</summary>
    public static string[] CertificateOptions() =>
        ["--ca", TestCertificates.Instance.CaPath, "--identity-dir", TestCertificates.Instance.IdentityFolder];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>
/// The plain output format (README, "Officer command line"): blocks that start with "# name"; a fields
/// block is "key TAB value" lines; a table is a header line, then rows; blocks end with an empty line.
/// </summary>
public sealed class PlainOutput
{
    private readonly Dictionary<string, List<string[]>> _blocks = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _blocks.Keys;

    public static PlainOutput Parse(string text)
    {
        var parsed = new PlainOutput();
        List<string[]>? current = null;
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                current = [];
                Assert.True(parsed._blocks.TryAdd(line[2..], current), $"block {line} printed twice");
            }
            else if (line.Length > 0)
            {
                Assert.True(current is not null, $"a line before any block: {line}");
                current.Add(line.Split('\t'));
            }
        }
        return parsed;
    }

    public bool Has(string block) => _blocks.ContainsKey(block);

    /// <summary>A fields block as key → value.</summary>
    public IReadOnlyDictionary<string, string> Fields(string block)
    {
        Assert.True(_blocks.TryGetValue(block, out var lines), $"no block '{block}' in the output (blocks: {string.Join(", ", _blocks.Keys)})");
        Assert.All(lines, l => Assert.True(l.Length == 2, $"block {block}: not a key/value line: {string.Join("|", l)}"));
        return lines.ToDictionary(l => l[0], l => l[1], StringComparer.Ordinal);
    }

    /// <summary>A table block as rows of column → value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Table(string block)
    {
        Assert.True(_blocks.TryGetValue(block, out var lines), $"no block '{block}' in the output (blocks: {string.Join(", ", _blocks.Keys)})");
        Assert.NotEmpty(lines);
        var header = lines[0];
        return [.. lines.Skip(1).Select(row =>
        {
            Assert.True(row.Length == header.Length, $"block {block}: row of {row.Length} fields under a header of {header.Length}");
            return (IReadOnlyDictionary<string, string>)header.Zip(row).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        })];
    }
}

/// <summary>
/// A writer that another task may read while the command writes (watch), and await: <see cref="NextWrite"/>
/// completes at the next write after it was taken.
/// </summary>
public sealed class LockedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Completes when something more is written. Take it before reading, so no write falls between.</summary>
    public Task NextWrite
    {
        get
        {
            lock (_text)
            {
                return _written.Task;
            }
        }
    }

    public override void Write(char value)
    {
        TaskCompletionSource written;
        lock (_text)
        {
            _text.Append(value);
            written = _written;
            _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        written.TrySetResult();
    }

    public override void Write(string? value)
    {
        TaskCompletionSource written;
        lock (_text)
        {
            _text.Append(value);
            written = _written;
            _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        written.TrySetResult();
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
