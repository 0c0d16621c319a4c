/// A model-independent estimate of the tokens a text costs, for trimming history to a context
/// budget without the model's tokenizer: a CJK character (Han, kana, Hangul) counts one token, any
/// other text one token per four bytes of UTF-8, rounded up, plus four tokens per message for its
/// role and separators. It errs on the side of more tokens for English (BPE tokenizers average
/// about four characters a token) and matches Chinese, where a character is about a token.
public enum TokenEstimate {
    public static let perMessage = 4

    public static func tokens(in text: String) -> Int {
        var cjk = 0
        var otherBytes = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
                cjk += 1
            default:
                otherBytes += scalar.utf8.count
            }
        }
        return cjk + (otherBytes + 3) / 4
    }

    /// The estimate for one message of `text`.
    public static func message(_ text: String) -> Int {
        perMessage + tokens(in: text)
    }
}
