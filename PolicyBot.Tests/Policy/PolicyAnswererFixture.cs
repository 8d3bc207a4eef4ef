using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Tests.Policy;

/// <summary>One answerer for all policy tests: the embedding model and the pack's embeddings load once.</summary>
public sealed class PolicyAnswererFixture : IDisposable
{
    public PolicyAnswerer Answerer { get; } = PolicyAnswerer.Create();

    public void Dispose() => Answerer.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PolicyCollection : ICollectionFixture<PolicyAnswererFixture>
{
    public const string Name = "Policy answerer";
}
