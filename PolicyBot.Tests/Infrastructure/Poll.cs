namespace PolicyBot.Tests.Infrastructure;

/// <summary>Waiting for something another process or thread does, checked every 20 ms up to a deadline.</summary>
public static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds (default timeout 20 s); false if it never did.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
