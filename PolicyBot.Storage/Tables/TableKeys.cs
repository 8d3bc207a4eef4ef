using System.Security.Cryptography;
using System.Text;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Turns ids into valid PartitionKey / RowKey values: the characters Azure Tables forbids in keys (/ \ # ? and
/// control characters) and the escape character % itself become %XX; a key longer than a safe length is shortened
/// and made unique with a hash.
/// </summary>
public static class TableKeys
{
    private const int MaxLength = 400;

    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                escaped.Append(c);
            }
        }
        if (escaped.Length <= MaxLength)
        {
            return escaped.ToString();
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return escaped.ToString(0, MaxLength - hash.Length - 1) + "~" + hash;
    }
}
