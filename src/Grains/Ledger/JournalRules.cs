using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Ledger;

/// <summary>What makes a journal entry acceptable, and when two entries with one id are the same entry.</summary>
public static class JournalRules
{
    public const int MaxIdLength = 600;
    public const int MaxAccountLength = 300;

    /// <summary>Throws unless the entry has an id, at least two postings to named accounts, no zero line, and sums to 0.</summary>
    public static void Validate(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.Id) || entry.Id.Length > MaxIdLength)
        {
            throw Unbalanced(entry.Id, $"an entry needs an id of 1–{MaxIdLength} characters");
        }

        if (entry.Postings is null || entry.Postings.Count < 2)
        {
            throw Unbalanced(entry.Id, "an entry needs at least two postings");
        }

        long sum = 0;
        foreach (var posting in entry.Postings)
        {
            if (string.IsNullOrEmpty(posting.Account) || posting.Account.Length > MaxAccountLength)
            {
                throw Unbalanced(entry.Id, "every posting needs an account");
            }

            if (posting.Amount == 0)
            {
                throw Unbalanced(entry.Id, $"the posting to {posting.Account} is 0");
            }

            sum = checked(sum + posting.Amount);
        }

        if (sum != 0)
        {
            throw Unbalanced(entry.Id, $"debits and credits differ by {sum} VND");
        }
    }

    /// <summary>Whether two entries post the same amounts to the same accounts (order, time and memo aside).</summary>
    public static bool SamePostings(IReadOnlyList<Posting> a, IReadOnlyList<Posting> b) =>
        Net(a).OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(Net(b).OrderBy(p => p.Key, StringComparer.Ordinal));

    /// <summary>The postings summed per account, zero nets left out.</summary>
    public static Dictionary<string, long> Net(IEnumerable<Posting> postings)
    {
        var net = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var posting in postings)
        {
            net[posting.Account] = checked(net.GetValueOrDefault(posting.Account) + posting.Amount);
        }

        foreach (var zero in net.Where(p => p.Value == 0).Select(p => p.Key).ToList())
        {
            net.Remove(zero);
        }

        return net;
    }

    private static DomainException Unbalanced(string? id, string why) =>
        new(DomainErrorKind.Invalid, PaymentErrorCodes.LedgerEntryUnbalanced, $"Journal entry '{id}' refused: {why}.")
        {
            Field = "postings",
        };
}
