using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyBot.Approvals;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Directory;
using PolicyBot.StaffDirectory;
using PolicyBot.Tests.Infrastructure;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Tests.Approvals;

/// <summary>
/// The whole flow as new users meet it, with a directory file made up for this test: the applicant, their line manager
/// and the headteacher, each in their own 1:1 chat with the bot, through the adapter and the Connector stand-in.
/// </summary>
public sealed class NewSchoolFlowTests(SqliteFixture storage) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ApplicantLineManagerAndHeadteacher_OfAnUnseenSchool_GoThroughTheWholeFlow()
    {
        var (head, manager, applicant) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var directory = new JsonObject
        {
            ["headteacher"] = head,
            ["users"] = new JsonArray(
                User(head, "Ngozi Adeyemi", "Headteacher", null),
                User(manager, "Tomasz Nowak", "Head of Science", head),
                User(applicant, "Aoife Byrne", "Chemistry Teacher", manager)),
        }.ToJsonString();
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var host = ApprovalTestHost.Create(storage, connector, directoryJson: directory);

        var request = await host.SubmitAsync(applicant, title: "Science club *blog*");
        await host.DeliverAllAsync();
        var managerCard = Assert.Single(await host.CardsSentToAsync(manager));
        Assert.Contains(@"Science club \\*blog\\*", managerCard.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(await host.CardsSentToAsync(applicant), c => c.ToJsonString().Contains("It is with Tomasz Nowak, your line manager", StringComparison.Ordinal));

        await host.InvokeAsync(manager, ApprovalVerbs.Approve, request.Id);
        await host.DeliverAllAsync();
        Assert.Single(await host.CardsSentToAsync(head), c => c["actions"] is JsonArray { Count: 3 });
        Assert.Contains(await host.CardsSentToAsync(applicant), c => c.ToJsonString().Contains("Tomasz Nowak approved the aims and content", StringComparison.Ordinal));

        await host.InvokeAsync(applicant, ApprovalVerbs.Approve, request.Id);
        await host.InvokeAsync(head, ApprovalVerbs.Approve, request.Id, comment: "Well planned");
        await host.DeliverAllAsync();

        var approved = (await host.CardsSentToAsync(applicant)).Select(c => c.ToJsonString()).Single(c => c.Contains("is approved", StringComparison.Ordinal));
        Assert.Contains(request.Id["SM-".Length..], approved, StringComparison.Ordinal); // the reference, markdown-escaped on the card
        Assert.Contains("two approved administrators and two approved moderators", approved, StringComparison.Ordinal);
        Assert.Contains("20 July 2027", approved, StringComparison.Ordinal);
        var log = await host.Store.GetDecisionsAsync(request.Id, default);
        Assert.Equal([(ApprovalStage.LineManager, "Tomasz Nowak"), (ApprovalStage.Headteacher, "Ngozi Adeyemi")], log.Select(d => (d.Stage, d.ApproverName)));
        Assert.Equal(2, connector.UpdatedActivities.Count);
    }

    [Fact]
    public void WithoutGraph_TheDirectoryIsTheJsonFileNamedByDirectoryPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"directory-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"headteacher":"h","users":[{"id":"h","displayName":"Head"}]}""");
        try
        {
            using var services = Services(new() { ["Directory:Path"] = path });
            Assert.IsType<JsonStaffDirectory>(services.GetRequiredService<IStaffDirectory>());
            Assert.IsType<NoTeamsAppInstaller>(services.GetRequiredService<ITeamsAppInstaller>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithGraphConfigured_TheDirectoryAndInstallerUseGraph()
    {
        using var services = Services(new()
        {
            ["Graph:TenantId"] = "tenant",
            ["Graph:ClientId"] = "client",
            ["Graph:ClientSecret"] = "secret",
            ["Graph:BaseUrl"] = "http://127.0.0.1:9/v1.0",
            ["Directory:Headteacher"] = "head@school.example",
        });

        Assert.IsType<GraphStaffDirectory>(services.GetRequiredService<IStaffDirectory>());
        Assert.IsType<GraphTeamsAppInstaller>(services.GetRequiredService<ITeamsAppInstaller>());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() });
        return services.AddPolicyBotDirectory(configuration).BuildServiceProvider();
    }

    private static JsonObject User(string id, string name, string title, string? managerId) => new()
    {
        ["id"] = id,
        ["displayName"] = name,
        ["mail"] = name.ToLowerInvariant().Replace(' ', '.') + "@newschool.example",
        ["jobTitle"] = title,
        ["department"] = "Science",
        ["managerId"] = managerId,
    };
}
