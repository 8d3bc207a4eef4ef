using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a real server, which a test can cut (every connection dropped and new ones
/// refused) and restore on the same port: a network outage to a store whose data stays intact behind it. It can also
/// lose one response: the request reaches the server, which acts on it, but the client never hears the answer.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _running = new();
    private Func<string, bool>? _loseResponseTo;
    private int _lostResponses;

    private TcpProxy(int targetPort) => _targetPort = targetPort;

    public int Port { get; private set; }

    /// <summary>How many responses <see cref="LoseNextResponse"/> has dropped so far.</summary>
    public int LostResponses => Volatile.Read(ref _lostResponses);

    public static TcpProxy Start(int targetPort)
    {
        var proxy = new TcpProxy(targetPort);
        proxy.Listen(port: 0);
        return proxy;
    }

    /// <summary>Drops every connection and stops listening: clients get "connection refused".</summary>
    public void Cut()
    {
        _running.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
            _open.Clear();
        }
    }

    /// <summary>
    /// The next HTTP/1.1 request whose request line (e.g. <c>PUT /account/table(...) HTTP/1.1</c>) matches is forwarded
    /// whole; when the server starts to answer, that connection is closed before a byte of the answer reaches the
    /// client. The server has done the work; the client sees a dropped connection, as after a network fault.
    /// </summary>
    public void LoseNextResponse(Func<string, bool> requestLine) => Volatile.Write(ref _loseResponseTo, requestLine);

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        _running = new CancellationTokenSource();
        Listen(Port);
    }

    private void Listen(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _running.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested || !listener.Server.IsBound)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            _ = ForwardAsync(client, stop);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken stop)
    {
        using var server = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(server);
        }
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, stop);
            var losingResponse = false;
            var up = PumpAsync(client.GetStream(), server.GetStream(), request =>
            {
                if (TakeArmedLoss(request.Span))
                {
                    Volatile.Write(ref losingResponse, true);
                }
                return true;
            }, stop);
            var down = PumpAsync(server.GetStream(), client.GetStream(), _ =>
            {
                if (Volatile.Read(ref losingResponse))
                {
                    Interlocked.Increment(ref _lostResponses);
                    return false;
                }
                return true;
            }, stop);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // A cut or a closed peer ends the forwarding; either side sees its connection close.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Copies until either side closes, or until <paramref name="forward"/> refuses a chunk (which ends the
    /// connection there).</summary>
    private static async Task PumpAsync(NetworkStream from, NetworkStream to, Func<ReadOnlyMemory<byte>, bool> forward, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop)) > 0 && forward(buffer.AsMemory(0, read)))
        {
            await to.WriteAsync(buffer.AsMemory(0, read), stop);
        }
    }

    /// <summary>True, once, for the chunk that starts the request <see cref="LoseNextResponse"/> is waiting for.</summary>
    private bool TakeArmedLoss(ReadOnlySpan<byte> chunk)
    {
        var matches = Volatile.Read(ref _loseResponseTo);
        var lineEnd = chunk.IndexOf("\r\n"u8);
        if (matches is null || lineEnd < 0)
        {
            return false;
        }
        var line = Encoding.Latin1.GetString(chunk[..lineEnd]);
        return line.EndsWith(" HTTP/1.1", StringComparison.Ordinal) && matches(line)
               && Interlocked.CompareExchange(ref _loseResponseTo, null, matches) == matches;
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
