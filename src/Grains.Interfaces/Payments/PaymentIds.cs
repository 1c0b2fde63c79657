using System.Security.Cryptography;
using System.Text;

namespace MotCua.Grains.Interfaces.Payments;

/// <summary>
/// Payment ids and references derived from the operation that created them, so a retried creation (same
/// idempotency key, even after a crash) reaches the same payment grain instead of creating a second payment.
/// </summary>
public static class PaymentIds
{
    // Crockford's base 32 without I, L, O, U: easy to read aloud and type at a counter.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Length of a payment reference.</summary>
    public const int ReferenceLength = 8;

    public static string FromOperation(string operationId) => "pay_" + Encode(Hash("payment:" + operationId), 20).ToLowerInvariant();

    /// <summary>The reference candidate number <paramref name="attempt"/> for a payment (a new one after a collision).</summary>
    public static string Reference(string paymentId, int attempt) =>
        Encode(Hash($"reference:{paymentId}:{attempt}"), ReferenceLength);

    /// <summary>Whether a string has the shape of a payment reference.</summary>
    public static bool IsReference(string value) =>
        value.Length == ReferenceLength && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>Whether a string has the shape of a payment id.</summary>
    public static bool IsPaymentId(string value) =>
        value.Length == 24 && value.StartsWith("pay_", StringComparison.Ordinal)
        && value[4..].All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal) && !char.IsUpper(c));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private static string Encode(byte[] bytes, int length)
    {
        var chars = new char[length];
        var bitBuffer = 0;
        var bitCount = 0;
        var index = 0;
        for (var i = 0; i < length; i++)
        {
            if (bitCount < 5)
            {
                bitBuffer = (bitBuffer << 8) | bytes[index++];
                bitCount += 8;
            }

            bitCount -= 5;
            chars[i] = Alphabet[(bitBuffer >> bitCount) & 31];
        }

        return new string(chars);
    }
}
