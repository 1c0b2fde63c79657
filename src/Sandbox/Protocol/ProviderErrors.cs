using MotCua.Gateways;
using MotCua.Sandbox.Payments;

namespace MotCua.Sandbox.Protocol;

/// <summary>Each provider's error envelope, exactly as the gateway clients read it.</summary>
public static class ProviderErrors
{
    /// <summary>
    /// bank: <c>{"code","message"}</c>; viettelpay: <c>{"errorCode","errorMessage"}</c>;
    /// vnptpay: <c>{"error":{"code","message"}}</c>.
    /// </summary>
    public static WireResult Error(string provider, int status, string code, string message) => new(status, provider switch
    {
        GatewayProviders.Bank => new BankError(code, message),
        GatewayProviders.ViettelPay => new ViettelPayError(code, message),
        _ => new VnptPayError(new VnptPayErrorDetail(code, message)),
    });

    /// <summary>The error for a refusal.</summary>
    public static WireResult Error(string provider, SandboxError error) => Error(provider, error.Status, error.Code, error.Message);

    private sealed record BankError(string Code, string Message);

    private sealed record ViettelPayError(string ErrorCode, string ErrorMessage);

    private sealed record VnptPayError(VnptPayErrorDetail Error);

    private sealed record VnptPayErrorDetail(string Code, string Message);
}
