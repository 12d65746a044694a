using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Lineage.Tests.Retraining;

/// <summary>A real HTTP server on a free loopback port (System.Net.HttpListener) that records requests and answers as told.</summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, Reply> _reply;
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Starts a server that answers the n-th request (1-based) with <paramref name="reply"/>(n).</summary>
    public LoopbackHttpServer(Func<int, Reply> reply)
    {
        _reply = reply;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public List<Received> Requests { get; } = new();

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string body;
            using (var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding))
            {
                body = await reader.ReadToEndAsync();
            }

            int n;
            lock (Requests)
            {
                Requests.Add(new Received(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType, body, _clock.Elapsed));
                n = Requests.Count;
            }

            var reply = _reply(n);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay);
            }

            context.Response.StatusCode = reply.Status;
            foreach (var header in reply.Headers)
            {
                context.Response.AddHeader(header.Key, header.Value);
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    internal sealed record Received(string Method, string Path, string? ContentType, string Body, TimeSpan At);

    internal sealed record Reply(int Status, string Body = "", Dictionary<string, string>? ExtraHeaders = null)
    {
        public TimeSpan Delay { get; init; }

        public Dictionary<string, string> Headers => ExtraHeaders ?? new Dictionary<string, string>();
    }
}
