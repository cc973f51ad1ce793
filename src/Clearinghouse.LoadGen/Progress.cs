namespace Clearinghouse.LoadGen;

/// <summary>
/// A compact status line on stderr once a second: rewritten in place on a terminal, one line per second
/// when stderr is redirected (so logs stay readable).
/// </summary>
public sealed class Progress
{
    private readonly bool _inPlace = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private int _lastLength;

    public IDisposable Show(Func<string> line) => new Display(this, line);

    public void Write(string text, bool final)
    {
        lock (_gate)
        {
            if (_inPlace)
            {
                var padded = text.Length < _lastLength ? text + new string(' ', _lastLength - text.Length) : text;
                Console.Error.Write("\r" + padded + (final ? "\n" : ""));
                _lastLength = final ? 0 : text.Length;
            }
            else
            {
                Console.Error.WriteLine(text);
            }
        }
    }

    private sealed class Display : IDisposable
    {
        private readonly Progress _owner;
        private readonly Func<string> _line;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Display(Progress owner, Func<string> line)
        {
            _owner = owner;
            _line = line;
            _loop = Task.Run(Loop);
        }

        private async Task Loop()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    _owner.Write(_line(), final: false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.GetAwaiter().GetResult();
            _owner.Write(_line(), final: true);
            _stop.Dispose();
        }
    }
}
