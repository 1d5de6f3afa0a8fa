using System.Net;
using System.Net.Sockets;

namespace Alliances.LocalPostgres;

/// <summary>Tells whether something already accepts connections on a loopback port.</summary>
internal static class PortProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connecting (rather than trying to bind) answers the question a developer has — "is a server there?" — and also sees
    /// servers bound to 0.0.0.0. A refused or timed-out connection means the port is free for us.
    /// </summary>
    public static async Task<bool> IsInUseAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
