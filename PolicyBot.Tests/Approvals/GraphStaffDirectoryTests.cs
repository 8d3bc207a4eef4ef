using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.StaffDirectory;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Approvals;

/// <summary>The Graph directory and app installer against a local Graph stand-in: the paths, $select and paging it uses.</summary>
public sealed class GraphStaffDirectoryTests : IAsyncLifetime
{
    private GraphStandIn _graph = null!;
    private GraphServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphStandIn.StartAsync();
        _graph.AddUser("head", "Helen Carter", "helen.carter@school.example", "Headteacher", "Senior Leadership")
            .AddUser("hod", "Marcus Reid", "marcus.reid@school.example", "Head of Humanities", "Humanities", managerId: "head")
            .AddUser("t1", "Sam Taylor", "sam.taylor@school.example", "Geography Teacher", "Humanities", managerId: "hod")
            .AddUser("t2", "Sam Okafor", "sam.okafor@school.example", "Teaching Assistant", "PE", managerId: "hod")
            .AddUser("t3", "Samira O'Neill", "samira.oneill@school.example", "Art Teacher", "Art", managerId: "hod");
        _client = new GraphServiceClient(new HttpClient(), new AnonymousAuthenticationProvider(), _graph.BaseUrl);
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    [Fact]
    public async Task APersonsProfile_IsReadWithTheFieldsTheBotNeeds()
    {
        var person = await new GraphStaffDirectory(_client, "head").GetPersonAsync("t1", default);

        Assert.Equal(new global::PolicyBot.Dialogs.Directory.DirectoryPerson("t1", "Sam Taylor", "sam.taylor@school.example", "Geography Teacher", "Humanities"), person);
        var request = Assert.Single(_graph.Requests);
        Assert.Equal("/v1.0/users/t1", request.Path);
        Assert.Equal("id,displayName,mail,jobTitle,department,userPrincipalName", request.Query["$select"]);
    }

    [Fact]
    public async Task TheLineManager_ComesFromUsersManager_AndAUserWithoutOne_HasNone()
    {
        var directory = new GraphStaffDirectory(_client, "head");

        var manager = await directory.GetManagerAsync("t1", default);
        var none = await directory.GetManagerAsync("head", default);

        Assert.Equal("hod", manager?.Id);
        Assert.Null(none);
        Assert.Equal(["/v1.0/users/t1/manager", "/v1.0/users/head/manager"], _graph.Requests.Select(r => r.Path));
        Assert.All(_graph.Requests, r => Assert.Contains("displayName", r.Query["$select"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeopleSearch_FiltersByNameOrMail_AndFollowsNextLinks()
    {
        var found = await new GraphStaffDirectory(_client, "head").FindPeopleAsync("Sam", 10, default);

        Assert.Equal(["Sam Okafor", "Sam Taylor", "Samira O'Neill"], found.Select(p => p.DisplayName).Order());
        Assert.Equal(2, _graph.Requests.Count);
        var first = _graph.Requests[0];
        Assert.Equal("/v1.0/users", first.Path);
        Assert.Equal("startswith(displayName,'Sam') or startswith(mail,'Sam') or startswith(userPrincipalName,'Sam')", first.Query["$filter"]);
        Assert.True(_graph.Requests[1].Query.ContainsKey("$skiptoken"));
    }

    [Fact]
    public async Task PeopleSearch_EscapesQuotesInTheFilter()
    {
        var found = await new GraphStaffDirectory(_client, "head").FindPeopleAsync("Samira O'N", 5, default);

        Assert.Equal("Samira O'Neill", Assert.Single(found).DisplayName);
        Assert.StartsWith("startswith(displayName,'Samira O''N')", _graph.Requests[0].Query["$filter"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHeadteacher_IsConfiguredByUserPrincipalName_AndReadOnce()
    {
        var directory = new GraphStaffDirectory(_client, "helen.carter@school.example");

        var first = await directory.GetHeadteacherAsync(default);
        var second = await directory.GetHeadteacherAsync(default);

        Assert.Equal("head", first.Id);
        Assert.Same(first, second);
        Assert.Equal("/v1.0/users/helen.carter@school.example", Assert.Single(_graph.Requests).Path);
    }

    [Theory]
    [InlineData(201, AppInstallResult.Installed)]
    [InlineData(409, AppInstallResult.AlreadyInstalled)]
    [InlineData(403, AppInstallResult.NotPermitted)]
    public async Task TheAppIsInstalledForAnApprover_ThroughInstalledApps_BoundToTheCatalogApp(int status, AppInstallResult expected)
    {
        _graph.InstallStatus = status;

        var result = await new GraphTeamsAppInstaller(_client, "catalog-app-1", _graph.BaseUrl).InstallForUserAsync("hod", default);

        Assert.Equal(expected, result);
        var request = Assert.Single(_graph.Requests);
        Assert.Equal(("POST", "/v1.0/users/hod/teamwork/installedApps"), (request.Method, request.Path));
        Assert.Equal($"{_graph.BaseUrl}/appCatalogs/teamsApps/catalog-app-1", request.Body!["teamsApp@odata.bind"]!.GetValue<string>());
    }
}
