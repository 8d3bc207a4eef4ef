using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Signs table requests for a connection string with an account key by an account SAS made from that key, renewed well before it
/// expires, instead of by the key itself. Azure.Data.Tables signs every SharedKey request with a new HMACSHA256 and leaves it to the
/// finalizer: under the load benchmark on Azurite, freeing those OpenSSL contexts was about a quarter of the bot's CPU.
/// </summary>
internal sealed class AccountSasSigning : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromHours(6);
    private readonly TableServiceClient _keyed;
    private readonly TimeProvider _clock;
    private readonly ITimer _renewal;

    private AccountSasSigning(TableServiceClient keyed, TimeProvider clock)
    {
        (_keyed, _clock) = (keyed, clock);
        Credential = new AzureSasCredential(NewSignature());
        _renewal = clock.CreateTimer(_ => Credential.Update(NewSignature()), null, RenewEvery, RenewEvery);
    }

    public AzureSasCredential Credential { get; }

    /// <summary>
    /// The client for <paramref name="connectionString"/>: signed by a renewed account SAS when the connection string holds an
    /// account key, as it is otherwise (a connection string that carries a SAS of its own). <paramref name="signing"/> is what
    /// renews the SAS, to be disposed with the client; null when there is none.
    /// </summary>
    public static TableServiceClient CreateClient(string connectionString, TableClientOptions options, TimeProvider clock, out AccountSasSigning? signing)
    {
        var keyed = new TableServiceClient(connectionString, options);
        try
        {
            signing = new AccountSasSigning(keyed, clock);
        }
        catch (InvalidOperationException)
        {
            // No account key to make a SAS with: the connection string carries a SAS of its own.
            signing = null;
            return keyed;
        }
        return new TableServiceClient(keyed.Uri, signing.Credential, options);
    }

    private string NewSignature() =>
        _keyed.GenerateSasUri(TableAccountSasPermissions.All, TableAccountSasResourceTypes.All, _clock.GetUtcNow() + Lifetime).Query;

    public void Dispose() => _renewal.Dispose();
}
