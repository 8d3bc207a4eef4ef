using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>
/// The shipped policy pack's answerer, loaded once for the whole test run: the embedding model and the pack's indexes
/// are the same for every test, and loading them per host would dominate the suite's time. Never disposed: it lives
/// as long as the test process.
/// </summary>
public static class SharedPolicyAnswerer
{
    private static readonly Lazy<PolicyAnswerer> Instance = new(() => PolicyAnswerer.Create(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static PolicyAnswerer Answerer => Instance.Value;
}
