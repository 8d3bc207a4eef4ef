using System.Web;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using PolicyBot.Storage.Tables;

namespace PolicyBot.Tests.Storage;

/// <summary>A connection string's account key signs an account SAS, renewed long before it expires, rather than every request.</summary>
public sealed class AccountSasSigningTests
{
    [Fact]
    public void AnAccountKey_SignsASasThatIsRenewedBeforeItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

        using var signed = AccountSasSigning.CreateClient("UseDevelopmentStorage=true", new TableClientOptions(), clock);

        var signing = signed.Signing;
        Assert.NotNull(signing);
        Assert.Equal("devstoreaccount1", signed.Client.AccountName);
        var first = Expiry(signing.Credential.Signature);
        Assert.Equal(clock.GetUtcNow().AddHours(24), first);

        clock.Advance(TimeSpan.FromHours(6));

        Assert.Equal(clock.GetUtcNow().AddHours(24), Expiry(signing.Credential.Signature));
    }

    [Fact]
    public void AConnectionStringWithASasOfItsOwn_IsUsedAsItIs()
    {
        const string withSas = "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;SharedAccessSignature=sv=2019-02-02&ss=t&srt=sco&sp=rwdlau&se=2099-01-01T00%3A00%3A00Z&sig=abc";

        using var signed = AccountSasSigning.CreateClient(withSas, new TableClientOptions(), TimeProvider.System);

        Assert.Null(signed.Signing);
    }

    private static DateTimeOffset Expiry(string signature) =>
        DateTimeOffset.Parse(HttpUtility.ParseQueryString(signature.TrimStart('?'))["se"]!, System.Globalization.CultureInfo.InvariantCulture);
}
