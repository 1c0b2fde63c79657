namespace MotCua.Gateways.Bank;

/// <summary>Which VietQR transfers to look up: those carrying a bill number (tag 62, sub-tag 01).</summary>
public sealed record BankTransferStatusOptions
{
    /// <summary>The bill number the QR carried, i.e. MotCua's payment reference.</summary>
    public required string BillNumber { get; init; }
}

/// <summary>Send (part of) a credited transfer back to the payer.</summary>
public sealed record BankRefundOptions
{
    /// <summary>The bank's id of the credited transfer.</summary>
    public required string TransactionId { get; init; }

    /// <summary>Whole đồng to give back, at most what is left of the transfer.</summary>
    public required long Amount { get; init; }

    /// <summary>Why, shown on the payer's statement.</summary>
    public required string Reason { get; init; }
}
