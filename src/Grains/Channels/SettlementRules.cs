using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Channels;

/// <summary>
/// The rules of a channel's cash and its settlements (issue 17, "money is never stranded"), applied to a
/// <see cref="ChannelState"/> by <see cref="ChannelGrain"/>:
/// <list type="bullet">
/// <item>The position is the cash the treasury has not yet received: collections count from their intent, and leave the
/// position only when an operator confirms the treasury received the settlement that holds them. The float limit
/// applies to the position, so declaring a window frees nothing.</item>
/// <item>A settlement is declared (the agent says it remitted the open window's confirmed total under a remittance
/// reference), then received (an operator confirms). Only confirmed collections are in a window; one still being
/// confirmed is counted in the window open when it is confirmed.</item>
/// <item>An empty window is received as it is declared: there is nothing to hand over or to ledger.</item>
/// </list>
/// </summary>
public static class SettlementRules
{
    /// <summary>How many declared settlements a channel may have awaiting receipt (a month of daily windows).</summary>
    public const int MaxAwaitingReceipt = 31;

    /// <summary>Whether the treasury received the settlement (a settlement closed before the two steps was received at once).</summary>
    public static bool IsReceived(SettlementState settlement) => settlement.Status != SettlementStatuses.Declared;

    /// <summary>The settlement's status as the API names it.</summary>
    public static string StatusOf(SettlementState settlement) =>
        IsReceived(settlement) ? SettlementStatuses.Received : SettlementStatuses.Declared;

    /// <summary>The settlements declared and not yet received, oldest first.</summary>
    public static IReadOnlyList<SettlementState> AwaitingReceipt(ChannelState state) =>
        [.. state.Settlements.Where(s => !IsReceived(s)).OrderBy(s => s.Number)];

    /// <summary>The cash declared remitted that the treasury has not yet received.</summary>
    public static long AwaitingReceiptTotal(ChannelState state) => state.Settlements.Where(s => !IsReceived(s)).Sum(s => s.Total);

    /// <summary>Refuses a collection of <paramref name="amount"/> that would bring the position above the float limit.</summary>
    public static void EnsureWithinFloat(ChannelState state, long amount)
    {
        if (checked(state.Position + amount) > state.FloatLimit)
        {
            var awaiting = AwaitingReceiptTotal(state);
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.FloatLimitExceeded,
                $"Collecting {amount} VND would bring the cash not yet received by the treasury to {state.Position + amount} VND, "
                + $"above the float limit of {state.FloatLimit} VND"
                + (awaiting > 0 ? $" ({awaiting} VND of it declared remitted, awaiting the treasury's confirmation)." : ". Remit and settle first."));
        }
    }

    /// <summary>
    /// The settlement declared earlier under the command's operation id, or null. The same operation id with another
    /// amount or remittance reference is refused.
    /// </summary>
    public static SettlementState? Retried(ChannelState state, DeclareSettlement command)
    {
        var earlier = state.Settlements.Find(s => s.OperationId == command.OperationId);
        if (earlier is not null)
        {
            EnsureSameDeclaration(earlier.Total, earlier.RemittanceReference, command);
        }

        return earlier;
    }

    /// <summary>Refuses a retry of a declaration (found by its operation id) with another amount or remittance reference.</summary>
    public static void EnsureSameDeclaration(long total, string? remittanceReference, DeclareSettlement command)
    {
        if (total != command.Amount || (remittanceReference ?? "") != command.RemittanceReference)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                "This operation id was used to declare another settlement.");
        }
    }

    /// <summary>
    /// Closes the open window as a declared settlement and opens the next one. The declared amount must be the window's
    /// confirmed total. The position does not change: the cash still counts until the treasury receives it.
    /// </summary>
    public static SettlementState Declare(ChannelState state, DeclareSettlement command, DateTimeOffset now)
    {
        if (command.Amount != state.WindowTotal)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.SettlementAmountMismatch,
                $"Window {state.WindowNumber} holds {state.WindowCount} confirmed collections totalling {state.WindowTotal} VND; "
                + $"{command.Amount} VND was declared. Count the cash again and declare the window's total.")
            {
                Field = "amount",
            };
        }

        var empty = state.WindowCount == 0;
        if (!empty && AwaitingReceipt(state).Count >= MaxAwaitingReceipt)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.TooManyAwaitingReceipt,
                $"{MaxAwaitingReceipt} settlements already await the treasury's confirmation; an operator must confirm them first.");
        }

        var settlement = new SettlementState
        {
            OperationId = command.OperationId,
            Number = state.WindowNumber,
            OpenedAt = state.WindowOpenedAt,
            ClosedAt = now,
            Count = state.WindowCount,
            Total = state.WindowTotal,
            RemittanceReference = command.RemittanceReference,
            Status = empty ? SettlementStatuses.Received : SettlementStatuses.Declared,
            ReceivedAt = empty ? now : null,
            Ledgered = empty, // nothing to post
        };
        state.Settlements.Add(settlement);
        state.WindowNumber++;
        state.WindowOpenedAt = now;
        state.WindowCount = 0;
        state.WindowTotal = 0;
        return settlement;
    }

    /// <summary>Only an operator confirms that the treasury received a settlement.</summary>
    public static void EnsureMayConfirmReceipt(Actor actor)
    {
        if (actor.Role != Roles.Operator)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.ForbiddenBinding,
                "Only an operator confirms that the treasury received a settlement.");
        }
    }

    /// <summary>
    /// The treasury received <paramref name="settlement"/>: its cash leaves the position (freeing the float limit) and it
    /// is to be ledgered. Returns false, changing nothing, when it was received already.
    /// </summary>
    public static bool Receive(ChannelState state, SettlementState settlement, DateTimeOffset now)
    {
        if (IsReceived(settlement))
        {
            return false;
        }

        settlement.Status = SettlementStatuses.Received;
        settlement.ReceivedAt = now;
        state.Position -= settlement.Total;
        return true;
    }
}
