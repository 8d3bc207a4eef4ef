using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.Tests.Shipping;

/// <summary>The Teams app package: manifest against the official schema, the icons, and package.sh's zip.</summary>
public sealed class TeamsAppPackageTests
{
    private const string BotId = "0b6f1c1e-5a7d-4c55-9d2a-3f8e6c1b2a90";
    private const string BotDomain = "policybot-test.azurewebsites.net";

    private static readonly Dictionary<string, string> Values = new()
    {
        ["BOT_ID"] = BotId,
        ["BOT_DOMAIN"] = BotDomain,
        ["WEBSITE_URL"] = "https://www.example.org/",
        ["PRIVACY_URL"] = "https://www.example.org/privacy",
        ["TERMS_URL"] = "https://www.example.org/terms",
    };

    private static Dictionary<string, string> FillValues() => new(Values) { ["TEAMS_APP_ID"] = BotId };

    [Fact]
    public async Task FilledManifest_ValidatesAgainstTheOfficialSchemaOfItsVersion_Offline()
    {
        var filled = await FillAsync(FillValues());

        var result = await ValidateAsync(filled);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(JsonSerializer.Deserialize<string[]>(result.StdOut)!);
    }

    [Fact]
    public async Task Validator_ReportsSchemaErrors()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(await FillAsync(FillValues())))!.AsObject();
        manifest.Remove("accentColor");
        manifest["bots"]![0]!["scopes"] = new JsonArray("everywhere");
        var broken = Path.Combine(RepoFiles.NewTempDirectory(), "manifest.json");
        File.WriteAllText(broken, manifest.ToJsonString());

        var result = await ValidateAsync(broken);

        Assert.Equal(1, result.ExitCode);
        var errors = JsonSerializer.Deserialize<string[]>(result.StdOut)!;
        Assert.Contains(errors, e => e.Contains("accentColor", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/bots/0/scopes", StringComparison.Ordinal));
    }

    [Fact]
    public void Manifest_IsAPersonalBotOnTheNewestBundledSchema()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoFiles.PathOf("manifest", "manifest.json")))!;
        var version = manifest["manifestVersion"]!.GetValue<string>();
        var newestBundled = Directory.GetDirectories(Path.Combine(RepoFiles.NodeModules, "@microsoft", "app-manifest", "build", "json-schemas", "teams"), "v1.*")
            .Select(d => Version.Parse(Path.GetFileName(d)[1..]))
            .Max()!;

        Assert.Equal(newestBundled.ToString(), version);
        Assert.Equal($"https://developer.microsoft.com/en-us/json-schemas/teams/v{version}/MicrosoftTeams.schema.json", manifest["$schema"]!.GetValue<string>());
        var bot = manifest["bots"]![0]!;
        Assert.Equal("${{BOT_ID}}", bot["botId"]!.GetValue<string>());
        Assert.Equal(["personal"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(bot["supportsFiles"]!.GetValue<bool>());
        var commands = bot["commandLists"]![0]!["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>());
        Assert.Equal(["Ask a question", "Apply for a site", "My requests", "Pending approvals", "Site register", "Help"], commands);
        Assert.Equal(["${{BOT_DOMAIN}}"], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void ColourIcon_Is192SquareAndOpaque()
    {
        var icon = Png.Read(RepoFiles.PathOf("manifest", "color.png"));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.Equal(Png.Rgb, icon.ColourType);
        Assert.True(icon.AllPixels().Select(p => (p.R, p.G, p.B)).Distinct().Count() > 2, "the colour icon should not be blank");
    }

    [Fact]
    public void OutlineIcon_Is32SquareWhiteOnTransparent()
    {
        var icon = Png.Read(RepoFiles.PathOf("manifest", "outline.png"));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.Equal(Png.Rgba, icon.ColourType);
        var pixels = icon.AllPixels().ToList();
        Assert.All(pixels.Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Equal(0, icon.PixelAt(0, 0).A);
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public async Task PackageScript_ZipsExactlyTheFilledManifestAndBothIconsAtTheRoot()
    {
        var zip = Path.Combine(RepoFiles.NewTempDirectory(), "policybot-teams-app.zip");

        var result = await RepoFiles.RunAsync("bash", [RepoFiles.PathOf("manifest", "package.sh"), zip], Values);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var text = await reader.ReadToEndAsync();
        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(BotId, manifest["id"]!.GetValue<string>());
        Assert.Equal(BotId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal([BotDomain], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(File.ReadAllBytes(RepoFiles.PathOf("manifest", "color.png")), ReadAll(archive.GetEntry("color.png")!));
    }

    [Fact]
    public async Task PackageScript_RefusesToPackageWithAnUnfilledPlaceholder()
    {
        var zip = Path.Combine(RepoFiles.NewTempDirectory(), "app.zip");
        var env = new Dictionary<string, string>(Values) { ["PRIVACY_URL"] = "" };

        var result = await RepoFiles.RunAsync("bash", [RepoFiles.PathOf("manifest", "package.sh"), zip], env);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("PRIVACY_URL", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    private static async Task<string> FillAsync(Dictionary<string, string> env)
    {
        _ = RepoFiles.NodeModules;
        var output = Path.Combine(RepoFiles.NewTempDirectory(), "manifest.json");
        var result = await RepoFiles.RunAsync("node", [RepoFiles.PathOf("manifest", "fill.js"), RepoFiles.PathOf("manifest", "manifest.json"), output], env);
        Assert.True(result.ExitCode == 0, result.ToString());
        return output;
    }

    private static Task<ProcessResult> ValidateAsync(string manifestPath)
    {
        _ = RepoFiles.NodeModules;
        return RepoFiles.RunAsync("node", [RepoFiles.PathOf("manifest", "validate.js"), manifestPath]);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
