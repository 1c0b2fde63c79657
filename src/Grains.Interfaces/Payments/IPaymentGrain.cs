namespace MotCua.Grains.Interfaces.Payments;

/// <summary>One attempt to pay a dossier's fees through one method, keyed by payment id.</summary>
public interface IPaymentGrain : IGrainWithStringKey
{
    /// <summary>Creates the payment (pending) for the dossier's unpaid fee items; a retry with the same operation id returns the same payment.</summary>
    Task<PaymentView> CreateAsync(CreatePayment command);

    /// <summary>The payment as it is now; NotFound if never created.</summary>
    Task<PaymentView> GetAsync();

    /// <summary>What an agent must collect for it.</summary>
    Task<CollectionTerms> GetCollectionTermsAsync();

    /// <summary>An agent collected the cash: the payment succeeds and the dossier is told. Idempotent by collection id.</summary>
    Task<PaymentView> ConfirmCashCollectionAsync(ConfirmCashCollection command);
}
