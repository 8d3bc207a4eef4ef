using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>
/// The real PolicyBot host, listening with Kestrel on a free loopback port, in local mode (no tokens) unless the
/// settings say otherwise; its store is a SQLite file of its own unless the settings name another.
/// Dispose it to stop the server: a second BotHost on the same settings is the same bot after a restart.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private BotHost(WebApplicationFactory<Program> factory, HttpClient client, RecordingLoggerProvider logs, HandledActivities handled)
    {
        Logs = logs;
        Handled = handled;
        _factory = factory;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>Warnings and errors the host logged.</summary>
    public RecordingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _factory.Services;

    /// <summary>The activities POSTed to /api/messages that the bot has finished handling (its replies sent), in order.</summary>
    public HandledActivities Handled { get; }

    /// <summary>Settings for a fresh bot with its own SQLite file and the sample school directory.</summary>
    public static Dictionary<string, string?> LocalSettings(string? sqlitePath = null) => new()
    {
        ["Storage:SqlitePath"] = sqlitePath ?? Path.Combine(Path.GetTempPath(), $"policybot-test-{Guid.NewGuid():N}.db"),
        ["Directory:Path"] = Path.Combine(RepoPaths.Root, "samples", "school-directory.json"),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <param name="settings">Configuration; <see cref="LocalSettings"/> when null.</param>
    /// <param name="services">Registrations to add after the host's own (a test's stand-ins).</param>
    public static Task<BotHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var values = settings ?? LocalSettings();
        var logs = new RecordingLoggerProvider();
        var handled = new HandledActivities();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            // UseSetting, not ConfigureAppConfiguration: Program reads some settings before the app is built.
            foreach (var (key, value) in values)
            {
                web.UseSetting(key, value);
            }
            web.UseSetting("urls", "http://127.0.0.1:0");
            // The real answerer of the shipped pack, shared by every host in the run instead of loaded per host.
            web.ConfigureTestServices(registrations =>
            {
                registrations.AddSingleton(SharedPolicyAnswerer.Answerer);
                registrations.AddSingleton<IStartupFilter>(handled);
                services?.Invoke(registrations);
            });
            web.ConfigureLogging(logging => logging.AddProvider(logs));
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var client = factory.CreateClient();
        client.BaseAddress = new Uri(factory.ClientOptions.BaseAddress.ToString());
        return Task.FromResult(new BotHost(factory, client, logs, handled));
    }

    /// <summary>POSTs an activity to /api/messages as Teams does.</summary>
    /// <summary>Posts <paramref name="body"/> to /api/messages as it is, not as an activity: garbage, wrong content types.</summary>
    public Task<HttpResponseMessage> PostBodyAsync(string body, string contentType = "application/json") =>
        Client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Posts raw bytes as JSON to /api/messages: invalid UTF-8, byte order marks, NULs.</summary>
    public Task<HttpResponseMessage> PostBodyAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Client.PostAsync("/api/messages", content);
    }

    public Task<HttpResponseMessage> SendAsync(JsonObject activity, string? bearerToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new("Bearer", bearerToken);
        }
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>An activity the bot has handled: what it was, who sent it, in which conversation, and the bot's HTTP status.</summary>
public sealed record HandledActivity(string? Type, string? FromId, string? ConversationId, int StatusCode);

/// <summary>
/// Records each activity POSTed to /api/messages once the bot has answered it, so a test can wait for the bot to have
/// finished with activities a client sent on its own (e.g. the Playground's installationUpdate when its page opens).
/// </summary>
public sealed class HandledActivities : IStartupFilter
{
    private readonly List<HandledActivity> _handled = [];

    public IReadOnlyList<HandledActivity> All
    {
        get
        {
            lock (_handled)
            {
                return _handled.ToList();
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the activities handled so far; false if it never did.</summary>
    public Task<bool> WaitUntilAsync(Func<IReadOnlyList<HandledActivity>, bool> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => condition(All), timeout);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/api/messages")
            {
                await nextMiddleware(context);
                return;
            }
            context.Request.EnableBuffering();
            var (type, fromId, conversationId) = await PeekAsync(context.Request.Body);
            context.Request.Body.Position = 0;
            await nextMiddleware(context);
            lock (_handled)
            {
                _handled.Add(new HandledActivity(type, fromId, conversationId, context.Response.StatusCode));
            }
        });
        next(app);
    };

    /// <summary>The type, from.id and conversation.id of a body, each null where the body has no such string: tests post
    /// garbage on purpose (malformed JSON, duplicate properties, invalid UTF-8), and none of it may break the recording.</summary>
    private static async Task<(string? Type, string? FromId, string? ConversationId)> PeekAsync(Stream body)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(body);
            return (Text(json.RootElement, "type"), Text(json.RootElement, "from", "id"), Text(json.RootElement, "conversation", "id"));
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        try
        {
            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate or invalid UTF-8
        }
    }
}

/// <summary>Paths in the repository, found from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (with PolicyBot.sln) was not found above the test output folder.");
    }
}
