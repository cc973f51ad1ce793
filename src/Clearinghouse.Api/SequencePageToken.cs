using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Clearinghouse.Domain;

namespace Clearinghouse.Api;

/// <summary>
/// Page tokens of the listings that page in commit order (settlements, discrepancies): opaque to
/// clients, the cursor (a commit sequence number) base64url-encoded.
/// </summary>
public static class SequencePageToken
{
    /// <summary>Empty when there is no next page.</summary>
    public static string Encode(long? next) =>
        next is { } sequence ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sequence.ToString(CultureInfo.InvariantCulture))) : "";

    /// <summary>0 for the first page (an empty token); INVALID_ARGUMENT for a token this service did not issue.</summary>
    public static long Decode(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
                ? sequence
                : throw new FormatException();
        }
        catch (FormatException)
        {
            throw RejectedException.InvalidArgument("page_token is not a token this service issued");
        }
    }
}
