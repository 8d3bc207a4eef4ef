using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>A request the Graph stand-in received: path, decoded query parameters, JSON body.</summary>
public sealed record GraphRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, JsonNode? Body);

/// <summary>
/// A local Microsoft Graph (v1.0) on 127.0.0.1 answering the endpoints the bot uses: /users/{id or UPN}, /users/{id}/manager
/// (404 when there is none), /users?$filter=startswith(…) paged two at a time with @odata.nextLink, and
/// POST /users/{id}/teamwork/installedApps. Records every request.
/// </summary>
public sealed partial class GraphStandIn : IAsyncDisposable
{
    private LoopbackServer? _server;
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly List<JsonObject> _users = [];
    private readonly Dictionary<string, string> _managers = new(StringComparer.OrdinalIgnoreCase);

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<GraphRequest> Requests => _requests.ToList();

    /// <summary>The status POST installedApps answers (201 installed, 409 already, 403 not permitted).</summary>
    public int InstallStatus { get; set; } = 201;

    public static async Task<GraphStandIn> StartAsync()
    {
        var standIn = new GraphStandIn();
        var server = await LoopbackServer.StartAsync(standIn.HandleAsync);
        standIn._server = server;
        standIn.BaseUrl = server.Address + "/v1.0";
        return standIn;
    }

    public GraphStandIn AddUser(string id, string displayName, string mail, string? jobTitle = null, string? department = null, string? managerId = null)
    {
        _users.Add(new JsonObject
        {
            ["id"] = id,
            ["displayName"] = displayName,
            ["mail"] = mail,
            ["userPrincipalName"] = mail,
            ["jobTitle"] = jobTitle,
            ["department"] = department,
        });
        if (managerId is not null)
        {
            _managers[id] = managerId;
        }
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        JsonNode? body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonNode.ParseAsync(context.Request.Body)
            : null;
        _requests.Enqueue(new GraphRequest(context.Request.Method, path, query, body));

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (context.Request.Method, segments)
        {
            case ("GET", ["v1.0", "users"]):
                await WritePageAsync(context, query);
                return;
            case ("GET", ["v1.0", "users", var id, "manager"]):
                await WriteUserAsync(context, _managers.TryGetValue(Uri.UnescapeDataString(id), out var managerId) ? Find(managerId) : null, withType: true);
                return;
            case ("GET", ["v1.0", "users", var id]):
                await WriteUserAsync(context, Find(Uri.UnescapeDataString(id)), withType: false);
                return;
            case ("POST", ["v1.0", "users", _, "teamwork", "installedApps"]):
                context.Response.StatusCode = InstallStatus;
                if (InstallStatus >= 400)
                {
                    await WriteErrorAsync(context, InstallStatus, "Forbidden");
                }
                else
                {
                    await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "installation-1" });
                }
                return;
            default:
                await WriteErrorAsync(context, 404, "Request_ResourceNotFound");
                return;
        }
    }

    private JsonObject? Find(string idOrUpn) =>
        _users.FirstOrDefault(u => string.Equals(u["id"]!.GetValue<string>(), idOrUpn, StringComparison.OrdinalIgnoreCase)
            || string.Equals(u["userPrincipalName"]!.GetValue<string>(), idOrUpn, StringComparison.OrdinalIgnoreCase));

    private static async Task WriteUserAsync(HttpContext context, JsonObject? user, bool withType)
    {
        if (user is null)
        {
            await WriteErrorAsync(context, 404, "Request_ResourceNotFound");
            return;
        }
        var answer = user.DeepClone().AsObject();
        if (withType)
        {
            answer["@odata.type"] = "#microsoft.graph.user";
        }
        await context.Response.WriteAsJsonAsync(answer);
    }

    private async Task WritePageAsync(HttpContext context, Dictionary<string, string> query)
    {
        var prefix = query.TryGetValue("$filter", out var filter) && StartsWith().Match(filter) is { Success: true } match
            ? match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)
            : "";
        var matches = _users.Where(u => new[] { "displayName", "mail", "userPrincipalName" }
            .Any(field => u[field]?.GetValue<string>().StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true)).ToList();
        var skip = query.TryGetValue("$skiptoken", out var token) ? int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = new JsonObject { ["value"] = new JsonArray(matches.Skip(skip).Take(2).Select(u => (JsonNode)u.DeepClone()).ToArray()) };
        if (skip + 2 < matches.Count)
        {
            page["@odata.nextLink"] = $"{BaseUrl}/users?$skiptoken={skip + 2}&$filter={Uri.EscapeDataString(filter ?? "")}";
        }
        await context.Response.WriteAsJsonAsync(page);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = "Stand-in error." } });
    }

    [GeneratedRegex(@"startswith\(displayName,'((?:[^']|'')*)'\)")]
    private static partial Regex StartsWith();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
