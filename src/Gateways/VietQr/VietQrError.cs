namespace MotCua.Gateways.VietQr;

/// <summary>What is wrong with a VietQR payload or request; carried by <see cref="VietQrException.Error"/>.</summary>
public enum VietQrError
{
    /// <summary>The payload is null or empty.</summary>
    Empty,

    /// <summary>A character is outside printable ASCII (U+0020–U+007E).</summary>
    NotAscii,

    /// <summary>The text ends inside a data object: its 4-character id/length header or its value is cut short.</summary>
    TruncatedTag,

    /// <summary>A length field is not two digits, or is <c>00</c>.</summary>
    BadLength,

    /// <summary>The same id appears twice in one template.</summary>
    DuplicateTag,

    /// <summary>A required data object is absent; <see cref="VietQrException.Tag"/> names it.</summary>
    MissingTag,

    /// <summary>Tag 00 is not <c>01</c> or is not the first data object.</summary>
    BadPayloadFormat,

    /// <summary>Tag 01 is neither <c>11</c> (static) nor <c>12</c> (dynamic).</summary>
    BadPointOfInitiation,

    /// <summary>Tag 38 / 00 is not the NAPAS GUID <c>A000000727</c>.</summary>
    BadGuid,

    /// <summary>The bank BIN is not exactly 6 digits.</summary>
    BadBankBin,

    /// <summary>The account or card number is empty, longer than 19, or has characters other than letters and digits.</summary>
    BadAccount,

    /// <summary>The service code is neither <c>QRIBFTTA</c> nor <c>QRIBFTTC</c>.</summary>
    BadService,

    /// <summary>Tag 53 is not <c>704</c> (VND).</summary>
    BadCurrency,

    /// <summary>The amount is not a whole number of đồng from 1 to <see cref="VietQrCodec.MaxAmount"/>.</summary>
    BadAmount,

    /// <summary>Tag 58 is not <c>VN</c>.</summary>
    BadCountry,

    /// <summary>Tag 63 is not 4 hexadecimal digits, or is not the last data object.</summary>
    BadCrc,

    /// <summary>Tag 63 is well formed but does not match the CRC of the payload.</summary>
    CrcMismatch,

    /// <summary>A value is longer than its field allows (bill number and purpose: 25).</summary>
    FieldTooLong,

    /// <summary>A data object's id is not two digits.</summary>
    BadTagId,
}
