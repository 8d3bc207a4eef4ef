using System.Collections.Concurrent;

namespace PolicyBot.BotFramework.Connector;

/// <summary>
/// The service URLs the bot may send its token to: those seen on authenticated inbound activities, plus configured
/// prefixes (Teams' own Connector hosts) so that proactive messages still work after a restart.
/// A forged activity therefore cannot make the bot send its credentials to an attacker's server.
/// </summary>
public sealed class TrustedServiceUrls(IEnumerable<string>? trustedPrefixes = null)
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.OrdinalIgnoreCase);
    private readonly string[] _prefixes = (trustedPrefixes ?? []).Where(p => p.Length > 0).ToArray();

    public void Trust(string serviceUrl) => _urls.TryAdd(Normalize(serviceUrl), 0);

    public bool IsTrusted(string serviceUrl) =>
        _urls.ContainsKey(Normalize(serviceUrl)) ||
        _prefixes.Any(prefix => serviceUrl.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/');
}
