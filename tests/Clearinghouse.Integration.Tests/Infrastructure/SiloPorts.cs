using System.Net;
using System.Net.Sockets;

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// Ports for test silos. Orleans cannot listen on port 0, so a port is chosen here: a random one below
/// 32768 (Linux gives 32768–60999 to outgoing connections, whose TIME_WAIT sockets would block a bind
/// there), checked free by binding it once. Another process may still take it before the silo binds, so
/// <see cref="RunningHost"/> retries a start that failed with "address in use".
/// </summary>
public static class SiloPorts
{
    public const int Attempts = 5;

    private const int Lowest = 20_000;
    private const int Highest = 32_000;

    public static int Next()
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var port = Random.Shared.Next(Lowest, Highest);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Taken: try another.
            }
        }
        throw new InvalidOperationException($"no free port in {Lowest}..{Highest} after 100 tries");
    }

    /// <summary>Whether a failed start failed because its port was taken.</summary>
    public static bool IsAddressInUse(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || inner.GetType().Name == "AddressInUseException")
            {
                return true;
            }
            if (inner is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse))
            {
                return true;
            }
        }
        return false;
    }
}
