using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MotCua.Gateways.VietQr;

/// <summary>
/// Encodes and decodes VietQR payloads: NAPAS's profile of the EMVCo merchant-presented QR code for 24/7
/// inter-bank transfers to an account (<c>QRIBFTTA</c>) or a card (<c>QRIBFTTC</c>).
/// </summary>
/// <remarks>
/// A payload is a run of data objects, each a 2-digit id, a 2-digit length and that many characters of value;
/// templates (38, 38/01, 62) hold data objects of their own. The encoder writes the root objects in ascending id order:
/// 00 payload format <c>01</c>; 01 point of initiation (<c>11</c> static, <c>12</c> dynamic); 38 merchant account
/// information (00 GUID <c>A000000727</c>, 01 beneficiary organisation with 00 BIN and 01 account or card, 02 service);
/// 53 currency <c>704</c>; 54 amount; 58 country <c>VN</c>; 62 additional data (01 bill number, 08 purpose);
/// 63 CRC-16/CCITT-FALSE over everything before it, <c>6304</c> included.
/// The decoder accepts data objects it does not know and skips them, but rejects an id repeated in one template.
/// </remarks>
public static class VietQrCodec
{
    /// <summary>The NAPAS application identifier carried in tag 38, sub-tag 00.</summary>
    public const string NapasGuid = "A000000727";

    /// <summary>The largest amount tag 54 can carry: 13 digits of whole đồng.</summary>
    public const long MaxAmount = 9_999_999_999_999;

    /// <summary>The longest bill number (62/01) or purpose (62/08): 25 characters.</summary>
    public const int MaxAdditionalDataLength = 25;

    /// <summary>The longest account or card number (38/01/01): 19 characters.</summary>
    public const int MaxAccountLength = 19;

    private const string AccountServiceCode = "QRIBFTTA";
    private const string CardServiceCode = "QRIBFTTC";
    private const string PayloadFormat = "01";
    private const string StaticInitiation = "11";
    private const string DynamicInitiation = "12";
    private const string VndCurrency = "704";
    private const string VietnamCountry = "VN";

    /// <summary>Builds the payload text for <paramref name="request"/>, CRC included.</summary>
    /// <remarks>
    /// Nothing is changed on the way in: a bill number or purpose that is too long or not ASCII is an error, not cut
    /// or folded, so a code never says something other than what the caller asked for. Use <see cref="FoldToAscii"/> first.
    /// </remarks>
    /// <exception cref="VietQrException">A field of the request is not valid; <see cref="VietQrException.Error"/> says which.</exception>
    public static string Encode(VietQrRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        string serviceCode = request.Service switch
        {
            VietQrService.AccountTransfer => AccountServiceCode,
            VietQrService.CardTransfer => CardServiceCode,
            _ => throw new VietQrException(
                VietQrError.BadService, $"Service {(int)request.Service} is not a VietQR transfer service.", "38.02"),
        };
        CheckBankBin(request.BankBin);
        CheckAccount(request.AccountOrCard, request.Service);
        if (request.Amount is { } requested && (requested < 1 || requested > MaxAmount))
        {
            throw new VietQrException(
                VietQrError.BadAmount,
                $"Amount {requested.ToString(CultureInfo.InvariantCulture)} is out of range: a VietQR amount is whole đồng from 1 to {MaxAmount.ToString(CultureInfo.InvariantCulture)}.",
                "54");
        }

        string? billNumber = string.IsNullOrEmpty(request.BillNumber) ? null : request.BillNumber;
        string? purpose = string.IsNullOrEmpty(request.Purpose) ? null : request.Purpose;
        if (billNumber is not null)
        {
            CheckAdditionalData(billNumber, "62.01", "bill number");
        }

        if (purpose is not null)
        {
            CheckAdditionalData(purpose, "62.08", "purpose");
        }

        var beneficiary = new StringBuilder(40);
        AppendObject(beneficiary, "00", request.BankBin);
        AppendObject(beneficiary, "01", request.AccountOrCard);

        var merchantAccount = new StringBuilder(64);
        AppendObject(merchantAccount, "00", NapasGuid);
        AppendObject(merchantAccount, "01", beneficiary.ToString());
        AppendObject(merchantAccount, "02", serviceCode);

        var payload = new StringBuilder(160);
        AppendObject(payload, "00", PayloadFormat);
        AppendObject(payload, "01", request.Amount is null ? StaticInitiation : DynamicInitiation);
        AppendObject(payload, "38", merchantAccount.ToString());
        AppendObject(payload, "53", VndCurrency);
        if (request.Amount is { } amount)
        {
            AppendObject(payload, "54", amount.ToString(CultureInfo.InvariantCulture));
        }

        AppendObject(payload, "58", VietnamCountry);
        if (billNumber is not null || purpose is not null)
        {
            var additional = new StringBuilder(58);
            if (billNumber is not null)
            {
                AppendObject(additional, "01", billNumber);
            }

            if (purpose is not null)
            {
                AppendObject(additional, "08", purpose);
            }

            AppendObject(payload, "62", additional.ToString());
        }

        payload.Append("6304");
        string withoutCrc = payload.ToString();
        return withoutCrc + Crc16CcittFalse(Encoding.ASCII.GetBytes(withoutCrc));
    }

    /// <summary>Parses and checks a VietQR payload: structure, required data objects, every value, and the CRC.</summary>
    /// <remarks>
    /// Tags 01 and 54 are reported as found: a static code that carries an amount, or a dynamic one without, is accepted;
    /// whether such a code may pay a given fee is the caller's decision. Of the order of data objects only two things are
    /// checked: 00 comes first and 63 last. A CRC in lowercase hexadecimal is accepted and returned in uppercase.
    /// </remarks>
    /// <exception cref="VietQrException">
    /// The payload is not a valid VietQR transfer code; <see cref="VietQrException.Error"/> names the first defect found
    /// and <see cref="VietQrException.Tag"/> where it is. Structure is checked first, then the CRC, then the values.
    /// </exception>
    public static VietQrPayload Decode(string payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            throw new VietQrException(VietQrError.Empty, "The VietQR payload is empty.");
        }

        for (int i = 0; i < payload.Length; i++)
        {
            char c = payload[i];
            if (c < ' ' || c > '~')
            {
                throw new VietQrException(
                    VietQrError.NotAscii,
                    $"Character {i} of the payload is U+{(int)c:X4}; a VietQR payload holds printable ASCII only.");
            }
        }

        List<DataObject> root = ReadTemplate(payload, 0, payload.Length, parent: null);

        // The CRC first: a damaged code is reported as damaged, not as whatever field the damage happened to hit.
        DataObject crc = Require(root, null, "63", "CRC");
        if (root[^1].Id != "63")
        {
            throw new VietQrException(
                VietQrError.BadCrc, $"The CRC (tag 63) must be the last data object, but tag {root[^1].Tag} follows it.", "63");
        }

        if (crc.Value.Length != 4 || !crc.Value.All(char.IsAsciiHexDigit))
        {
            throw new VietQrException(
                VietQrError.BadCrc, $"The CRC (tag 63) must be 4 hexadecimal digits; it is '{crc.Value}'.", "63");
        }

        string expectedCrc = Crc16CcittFalse(Encoding.ASCII.GetBytes(payload, 0, payload.Length - 4));
        if (!string.Equals(crc.Value, expectedCrc, StringComparison.OrdinalIgnoreCase))
        {
            throw new VietQrException(
                VietQrError.CrcMismatch,
                $"The payload says its CRC is {crc.Value} but its content gives {expectedCrc}: the code is damaged or was altered.",
                "63");
        }

        DataObject format = Require(root, null, "00", "payload format indicator");
        if (root[0].Id != "00")
        {
            throw new VietQrException(
                VietQrError.BadPayloadFormat, "The payload format indicator (tag 00) must be the first data object.", "00");
        }

        if (format.Value != PayloadFormat)
        {
            throw new VietQrException(
                VietQrError.BadPayloadFormat, $"The payload format indicator (tag 00) must be '01'; it is '{format.Value}'.", "00");
        }

        DataObject initiation = Require(root, null, "01", "point of initiation method");
        bool isDynamic = initiation.Value switch
        {
            StaticInitiation => false,
            DynamicInitiation => true,
            _ => throw new VietQrException(
                VietQrError.BadPointOfInitiation,
                $"The point of initiation (tag 01) must be '11' (static) or '12' (dynamic); it is '{initiation.Value}'.",
                "01"),
        };

        DataObject merchantAccount = Require(root, null, "38", "NAPAS merchant account information");
        List<DataObject> merchantFields = ReadTemplate(payload, merchantAccount.ValueStart, merchantAccount.ValueEnd, "38");
        DataObject guid = Require(merchantFields, "38", "00", "GUID");
        if (guid.Value != NapasGuid)
        {
            throw new VietQrException(
                VietQrError.BadGuid, $"Tag 38.00 must be the NAPAS GUID {NapasGuid}; it is '{guid.Value}'.", guid.Tag);
        }

        DataObject beneficiary = Require(merchantFields, "38", "01", "beneficiary organisation");
        List<DataObject> beneficiaryFields = ReadTemplate(payload, beneficiary.ValueStart, beneficiary.ValueEnd, "38.01");
        string bankBin = Require(beneficiaryFields, "38.01", "00", "bank BIN").Value;
        CheckBankBin(bankBin);
        string accountOrCard = Require(beneficiaryFields, "38.01", "01", "account or card number").Value;

        DataObject serviceCode = Require(merchantFields, "38", "02", "service code");
        VietQrService service = serviceCode.Value switch
        {
            AccountServiceCode => VietQrService.AccountTransfer,
            CardServiceCode => VietQrService.CardTransfer,
            _ => throw new VietQrException(
                VietQrError.BadService,
                $"The service code (tag 38.02) must be {AccountServiceCode} or {CardServiceCode}; it is '{serviceCode.Value}'.",
                serviceCode.Tag),
        };
        CheckAccount(accountOrCard, service);

        DataObject currency = Require(root, null, "53", "transaction currency");
        if (currency.Value != VndCurrency)
        {
            throw new VietQrException(
                VietQrError.BadCurrency, $"The currency (tag 53) must be 704 (VND); it is '{currency.Value}'.", "53");
        }

        long? amount = Find(root, "54") is { } amountObject ? ParseAmount(amountObject.Value) : null;

        DataObject country = Require(root, null, "58", "country code");
        if (country.Value != VietnamCountry)
        {
            throw new VietQrException(
                VietQrError.BadCountry, $"The country code (tag 58) must be VN; it is '{country.Value}'.", "58");
        }

        string? billNumber = null;
        string? purpose = null;
        if (Find(root, "62") is { } additional)
        {
            List<DataObject> additionalFields = ReadTemplate(payload, additional.ValueStart, additional.ValueEnd, "62");
            billNumber = Find(additionalFields, "01")?.Value;
            purpose = Find(additionalFields, "08")?.Value;
            if (billNumber is not null)
            {
                CheckAdditionalData(billNumber, "62.01", "bill number");
            }

            if (purpose is not null)
            {
                CheckAdditionalData(purpose, "62.08", "purpose");
            }
        }

        return new VietQrPayload(
            format.Value,
            isDynamic,
            bankBin,
            accountOrCard,
            service,
            currency.Value,
            amount,
            country.Value,
            billNumber,
            purpose,
            crc.Value.ToUpperInvariant());
    }

    /// <summary>Like <see cref="Decode"/>, but returns the defect instead of throwing it.</summary>
    /// <returns><see langword="true"/> with <paramref name="result"/> set, or <see langword="false"/> with <paramref name="error"/> set.</returns>
    public static bool TryDecode(
        string payload,
        [NotNullWhen(true)] out VietQrPayload? result,
        [NotNullWhen(false)] out VietQrException? error)
    {
        try
        {
            result = Decode(payload);
            error = null;
            return true;
        }
        catch (VietQrException exception)
        {
            result = null;
            error = exception;
            return false;
        }
    }

    /// <summary>
    /// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR) of
    /// <paramref name="data"/>, as 4 uppercase hexadecimal digits with leading zeros kept. "123456789" gives "29B1".
    /// </summary>
    public static string Crc16CcittFalse(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= (ushort)(b << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc.ToString("X4", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Turns Vietnamese (or other Latin) text into what a VietQR text field may hold: diacritics removed
    /// (<c>ệ</c>→<c>e</c>, <c>ư</c>→<c>u</c>, <c>ơ</c>→<c>o</c>, <c>đ</c>→<c>d</c>, <c>Đ</c>→<c>D</c>), any run of
    /// white space made one space, every other character outside printable ASCII dropped, trimmed, and cut to
    /// <paramref name="maxLength"/> characters (then trimmed again, so the result never ends in a space).
    /// </summary>
    /// <example><c>FoldToAscii("Lệ phí cấp phép xây dựng Đà Nẵng")</c> is <c>"Le phi cap phep xay dung"</c>.</example>
    public static string FoldToAscii(string text, int maxLength = MaxAdditionalDataLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);

        // Characters outside the BMP (emoji) and lone surrogates can never become ASCII; lone ones would make Normalize throw.
        var withoutSurrogates = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsSurrogate(c))
            {
                withoutSurrogates.Append(c);
            }
        }

        // Form D splits "ệ" into "e" + combining circumflex + combining dot below; the marks are then dropped.
        string decomposed = withoutSurrogates.ToString().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            char letter = c switch
            {
                'đ' => 'd',
                'Đ' => 'D',
                'Ð' => 'D', // U+00D0, often typed for Đ
                _ => c,
            };

            if (char.IsWhiteSpace(letter))
            {
                if (folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(' ');
                }
            }
            else if (letter is >= '!' and <= '~')
            {
                folded.Append(letter);
            }
        }

        string result = folded.ToString().Trim();
        return result.Length <= maxLength ? result : result[..maxLength].TrimEnd();
    }

    /// <summary>An account or card number fit for logs: only its last 4 characters.</summary>
    internal static string Mask(string? accountOrCard) =>
        accountOrCard is null ? string.Empty
        : accountOrCard.Length <= 4 ? "****"
        : string.Concat("****", accountOrCard.AsSpan(accountOrCard.Length - 4));

    private static void CheckBankBin(string? bankBin)
    {
        if (bankBin is null || bankBin.Length != 6 || !bankBin.All(char.IsAsciiDigit))
        {
            throw new VietQrException(
                VietQrError.BadBankBin,
                $"The bank BIN (tag 38.01.00) must be exactly 6 digits; it is '{bankBin}'.",
                "38.01.00");
        }
    }

    // The number itself never goes into the message: messages end up in logs.
    private static void CheckAccount(string? accountOrCard, VietQrService service)
    {
        if (string.IsNullOrEmpty(accountOrCard))
        {
            throw new VietQrException(VietQrError.BadAccount, "The account or card number (tag 38.01.01) is empty.", "38.01.01");
        }

        if (accountOrCard.Length > MaxAccountLength)
        {
            throw new VietQrException(
                VietQrError.BadAccount,
                $"The account or card number (tag 38.01.01) has {accountOrCard.Length} characters; at most {MaxAccountLength} are allowed.",
                "38.01.01");
        }

        if (service == VietQrService.CardTransfer)
        {
            if (!accountOrCard.All(char.IsAsciiDigit))
            {
                throw new VietQrException(
                    VietQrError.BadAccount, "A card number (tag 38.01.01, service QRIBFTTC) must be digits only.", "38.01.01");
            }
        }
        else if (!accountOrCard.All(char.IsAsciiLetterOrDigit))
        {
            throw new VietQrException(
                VietQrError.BadAccount, "An account number (tag 38.01.01) must be ASCII letters and digits only.", "38.01.01");
        }
    }

    private static void CheckAdditionalData(string value, string tag, string name)
    {
        if (value.Length > MaxAdditionalDataLength)
        {
            throw new VietQrException(
                VietQrError.FieldTooLong,
                $"The {name} (tag {tag}) has {value.Length} characters; at most {MaxAdditionalDataLength} are allowed.",
                tag);
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] < ' ' || value[i] > '~')
            {
                throw new VietQrException(
                    VietQrError.NotAscii,
                    $"Character {i} of the {name} (tag {tag}) is U+{(int)value[i]:X4}; only printable ASCII is allowed. Fold Vietnamese text with {nameof(FoldToAscii)} first.",
                    tag);
            }
        }
    }

    private static long ParseAmount(string value)
    {
        if (value.Contains('.') || value.Contains(','))
        {
            throw new VietQrException(
                VietQrError.BadAmount,
                $"The amount (tag 54) '{value}' has a decimal part; VND amounts are whole đồng.",
                "54");
        }

        if (value.Length > 13 || !value.All(char.IsAsciiDigit))
        {
            throw new VietQrException(
                VietQrError.BadAmount, $"The amount (tag 54) '{value}' must be 1 to 13 digits.", "54");
        }

        long amount = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (amount < 1)
        {
            throw new VietQrException(VietQrError.BadAmount, "The amount (tag 54) is zero; leave the tag out instead.", "54");
        }

        return amount;
    }

    private static void AppendObject(StringBuilder builder, string id, string value) =>
        builder.Append(id).Append(value.Length.ToString("D2", CultureInfo.InvariantCulture)).Append(value);

    /// <summary>Splits <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) into data objects.</summary>
    private static List<DataObject> ReadTemplate(string text, int start, int end, string? parent)
    {
        string where = parent is null ? string.Empty : $" inside tag {parent}";
        var objects = new List<DataObject>();
        int position = start;
        while (position < end)
        {
            if (end - position < 4)
            {
                throw new VietQrException(
                    VietQrError.TruncatedTag,
                    $"The text ends inside a data object header at position {position}{where}: an id and a length take 4 characters, {end - position} remain.",
                    parent);
            }

            string id = text.Substring(position, 2);
            if (!id.All(char.IsAsciiDigit))
            {
                throw new VietQrException(
                    VietQrError.BadTagId, $"'{id}' at position {position}{where} is not a two-digit data object id.", parent);
            }

            string tag = parent is null ? id : $"{parent}.{id}";
            string lengthText = text.Substring(position + 2, 2);
            if (!lengthText.All(char.IsAsciiDigit) || lengthText == "00")
            {
                throw new VietQrException(
                    VietQrError.BadLength,
                    $"Tag {tag} at position {position} has length '{lengthText}'; a length is two digits from 01 to 99.",
                    tag);
            }

            int length = int.Parse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture);
            int valueStart = position + 4;
            if (length > end - valueStart)
            {
                throw new VietQrException(
                    VietQrError.TruncatedTag,
                    $"Tag {tag} at position {position} declares {length} characters but only {end - valueStart} remain{where}.",
                    tag);
            }

            if (Find(objects, id) is not null)
            {
                throw new VietQrException(VietQrError.DuplicateTag, $"Tag {tag} appears more than once{where}.", tag);
            }

            objects.Add(new DataObject(id, tag, text.Substring(valueStart, length), valueStart));
            position = valueStart + length;
        }

        return objects;
    }

    private static DataObject? Find(List<DataObject> objects, string id) => objects.Find(o => o.Id == id);

    private static DataObject Require(List<DataObject> objects, string? parent, string id, string name)
    {
        if (Find(objects, id) is { } found)
        {
            return found;
        }

        string tag = parent is null ? id : $"{parent}.{id}";
        throw new VietQrException(VietQrError.MissingTag, $"The {name} (tag {tag}) is missing.", tag);
    }

    /// <summary>One data object: its id, its dotted path from the root, its value and where the value starts in the payload.</summary>
    private sealed record DataObject(string Id, string Tag, string Value, int ValueStart)
    {
        public int ValueEnd => ValueStart + Value.Length;
    }
}
