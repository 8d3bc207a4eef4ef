using PolicyBot.Dialogs.Policy;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Policy;

/// <summary>One answerer for all policy tests: the embedding model and the pack's embeddings load once.</summary>
public sealed class PolicyAnswererFixture
{
    public PolicyAnswerer Answerer => SharedPolicyAnswerer.Answerer;
}

[CollectionDefinition(Name)]
public sealed class PolicyCollection : ICollectionFixture<PolicyAnswererFixture>
{
    public const string Name = "Policy answerer";
}
