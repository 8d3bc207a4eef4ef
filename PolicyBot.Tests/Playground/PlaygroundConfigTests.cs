using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Playground;

/// <summary>The committed Playground config is the one the generator writes from the sample directory.</summary>
public sealed class PlaygroundConfigTests
{
    [Fact]
    public async Task CommittedConfig_IsWhatTheGeneratorWritesForSamTaylor()
    {
        var generated = await PlaygroundProcess.RunNodeAsync(Path.Combine(RepoPaths.Root, "scripts", "playground-config.cjs"), "sam.taylor");

        var committed = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samples", "playground", ".m365agentsplayground.yml"));
        Assert.Equal(generated, committed);
    }

    [Fact]
    public async Task UnknownPerson_IsRefusedWithTheNamesToChooseFrom()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PlaygroundProcess.RunNodeAsync(Path.Combine(RepoPaths.Root, "scripts", "playground-config.cjs"), "nobody"));

        Assert.Contains("marcus.reid", error.Message);
    }
}
