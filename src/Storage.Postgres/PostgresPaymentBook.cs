using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// Paid payments in <c>motcua_payments_paid</c> (schema 010), matched against the journal's postings on an account in
/// one query: the postings index gives the day's entries, the primary key gives each payment's row.
/// </summary>
public sealed class PostgresPaymentBook(NpgsqlDataSource data) : IPaymentBook
{
    public async Task RecordAsync(PaidPayment payment, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO motcua_payments_paid (payment_id, reference, provider_reference, amount) VALUES ($1, $2, $3, $4)
            ON CONFLICT (payment_id) DO UPDATE SET
                reference = excluded.reference, provider_reference = excluded.provider_reference, amount = excluded.amount
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.PaymentId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.Reference });
        command.Parameters.Add(NullableParameters.Text(payment.ProviderReference));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = payment.Amount });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<LedgeredPayment>> FindLedgeredAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            SELECT substr(j.entry_id, 5) AS payment_id, sum(j.amount)::bigint, min(j.at),
                   p.payment_id IS NOT NULL, p.reference, p.provider_reference, p.amount
            FROM motcua_journal_postings j
            LEFT JOIN motcua_payments_paid p ON p.payment_id = substr(j.entry_id, 5)
            WHERE j.account = $1 AND j.at >= $2 AND j.at < $3 AND j.entry_id LIKE 'pay:%'
            GROUP BY j.entry_id, p.payment_id, p.reference, p.provider_reference, p.amount
            ORDER BY substr(j.entry_id, 5) COLLATE "C"
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = to.UtcDateTime });
        var rows = new List<LedgeredPayment>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var paymentId = reader.GetString(0);
            var payment = reader.GetBoolean(3)
                ? new PaidPayment(paymentId, reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6))
                : null;
            rows.Add(new LedgeredPayment(paymentId, reader.GetInt64(1), new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero), payment));
        }

        return rows;
    }
}
