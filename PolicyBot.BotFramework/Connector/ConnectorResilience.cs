using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace PolicyBot.BotFramework.Connector;

/// <summary>
/// How calls to the Connector survive transient failures: at most 4 attempts, exponential jittered backoff from 0.5 s
/// (or the server's Retry-After), 10 s per attempt and 30 s in all. Only throttling (429), gateway errors (502, 503, 504),
/// network errors and timeouts are retried: any other answer, 4xx above all, means the request itself is wrong. A Retry-After
/// longer than <see cref="MaxRetryAfterInProcess"/> is not waited for here: the caller gets the failure with the server's
/// Retry-After at once, and the outbox tries again no sooner than that.
/// </summary>
public static class ConnectorResilience
{
    public const int MaxAttempts = 4;
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxRetryAfterInProcess = TimeSpan.FromSeconds(5);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) => pipeline
        .AddTimeout(TotalTimeout)
        .AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = BaseDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = arguments => ValueTask.FromResult(IsTransient(arguments.Outcome) && !(RetryAfterOf(arguments.Outcome.Result) > MaxRetryAfterInProcess)),
        })
        .AddTimeout(AttemptTimeout);

    /// <summary>The response's Retry-After as a delay (a date in the past is no delay); null when it has none.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage? response) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
