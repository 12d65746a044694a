using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Lineage.Kubernetes.Tests;

/// <summary>
/// A TCP relay to the API server that a test can cut: every open connection is reset at once, as a load balancer or
/// a flaky network would. TLS passes through untouched.
/// </summary>
internal sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly List<TcpClient> _open = new();
    private int _accepted;
    private int _dropped;

    public TcpProxy(Uri target)
    {
        _host = target.Host;
        _port = target.Port;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The loopback URL to give the client instead of the server's.</summary>
    public string Url => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections reset by <see cref="DropAll"/>.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Resets every open connection (RST, not a clean close).</summary>
    public void DropAll()
    {
        lock (_open)
        {
            foreach (var client in _open)
            {
                // A connection the other side already closed has no socket left.
                if (client.Client is { Connected: true } socket)
                {
                    try
                    {
                        socket.LingerState = new LingerOption(true, 0);
                        socket.Close();
                        Interlocked.Increment(ref _dropped);
                    }
                    catch (Exception e) when (e is ObjectDisposedException or SocketException)
                    {
                    }
                }

                client.Close();
            }

            _open.Clear();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        DropAll();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // stopped
            }

            Interlocked.Increment(ref _accepted);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_host, _port);
            }
            catch (SocketException)
            {
                client.Close();
                continue;
            }

            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }
}
