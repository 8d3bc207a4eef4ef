using System.Text.Json.Nodes;

namespace PolicyBot.Tests.Shipping;

/// <summary>deploy/main.bicep compiles and lints clean with the pinned Bicep CLI, offline.</summary>
public sealed class BicepTests
{
    // Keep the CLI quiet and local: no tracing output, no telemetry.
    private static readonly Dictionary<string, string> OfflineEnv = new()
    {
        ["BICEP_TRACING_ENABLED"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private static string MainBicep => RepoFiles.PathOf("deploy", "main.bicep");

    [Fact]
    public async Task MainBicep_Lints_WithNoWarnings()
    {
        var result = await RepoFiles.RunAsync(RepoFiles.BicepCli, ["lint", MainBicep], OfflineEnv);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.StdErr.Trim().Length == 0 && result.StdOut.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public async Task MainBicep_Builds_WithNoWarnings_IntoATemplateTheParametersFileFits()
    {
        var template = await BuildAsync();

        var declared = template["parameters"]!.AsObject();
        var supplied = JsonNode.Parse(File.ReadAllText(RepoFiles.PathOf("deploy", "main.parameters.json")))!["parameters"]!.AsObject();
        Assert.All(supplied, p => Assert.True(declared.ContainsKey(p.Key), $"main.parameters.json sets unknown parameter {p.Key}"));
        Assert.All(declared.Where(p => p.Value!["defaultValue"] is null), p => Assert.True(supplied.ContainsKey(p.Key), $"required parameter {p.Key} missing from main.parameters.json"));
        Assert.DoesNotContain(supplied, p => p.Key.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("MultiTenant", declared["msaAppType"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        var outputs = template["outputs"]!.AsObject();
        Assert.True(outputs.ContainsKey("botAppId") && outputs.ContainsKey("botDomain"), "package.sh needs botAppId and botDomain outputs");
    }

    [Fact]
    public async Task Template_SecuresStorageAndWebApp()
    {
        var template = await BuildAsync();
        var resources = template["resources"]!.AsArray().Select(r => r!).ToList();
        JsonNode Single(string type) => resources.Single(r => r["type"]!.GetValue<string>() == type);

        var storage = Single("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False(storage["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.False(storage["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", storage["minimumTlsVersion"]!.GetValue<string>());

        var site = Single("Microsoft.Web/sites")["properties"]!;
        Assert.True(site["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("DOTNETCORE|10.0", site["siteConfig"]!["linuxFxVersion"]!.GetValue<string>());

        var role = Single("Microsoft.Authorization/roleAssignments")["properties"]!["roleDefinitionId"]!.GetValue<string>();
        Assert.Contains("variables('storageTableDataContributor')", role, StringComparison.Ordinal);
        Assert.Equal("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", template["variables"]!["storageTableDataContributor"]!.GetValue<string>());
        Assert.Equal("MsTeamsChannel", Single("Microsoft.BotService/botServices/channels")["properties"]!["channelName"]!.GetValue<string>());
    }

    private static async Task<JsonNode> BuildAsync()
    {
        var outDir = RepoFiles.NewTempDirectory();
        var result = await RepoFiles.RunAsync(RepoFiles.BicepCli, ["build", MainBicep, "--outdir", outDir], OfflineEnv);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.StdErr.Trim().Length == 0, result.ToString());
        return JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "main.json")))!;
    }
}
