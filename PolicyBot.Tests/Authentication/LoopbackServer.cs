using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Tests.Authentication;

/// <summary>A real HTTP server on 127.0.0.1 and a port the OS picks, answering with the given handler; stopped on dispose.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requestCount;

    private LoopbackServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>How many requests the server has received.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new LoopbackServer(builder.Build());
        server._app.Run(context =>
        {
            Interlocked.Increment(ref server._requestCount);
            return handler(context);
        });
        await server._app.StartAsync();
        server.BaseUrl = server._app.Urls.Single().TrimEnd('/') + "/";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
