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
    /// account key, as it is otherwise (a connection string that carries a SAS of its own).
    /// </summary>
    public static SignedTableClient CreateClient(string connectionString, TableClientOptions options, TimeProvider clock)
    {
        var keyed = new TableServiceClient(connectionString, options);
        AccountSasSigning signing;
        try
        {
            signing = new AccountSasSigning(keyed, clock);
        }
        catch (InvalidOperationException)
        {
            // No account key to make a SAS with: the connection string carries a SAS of its own.
            return new SignedTableClient(keyed, null);
        }
        return new SignedTableClient(new TableServiceClient(keyed.Uri, signing.Credential, options), signing);
    }

    private string NewSignature() =>
        _keyed.GenerateSasUri(TableAccountSasPermissions.All, TableAccountSasResourceTypes.All, _clock.GetUtcNow() + Lifetime).Query;

    public void Dispose() => _renewal.Dispose();
}

/// <summary>The table service client, with what renews its SAS when it has one (disposed with it).</summary>
internal sealed record SignedTableClient(TableServiceClient Client, AccountSasSigning? Signing) : IDisposable
{
    public void Dispose() => Signing?.Dispose();
}
