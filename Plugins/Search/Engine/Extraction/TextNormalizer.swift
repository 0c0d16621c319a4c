/// Brings extracted text to one shape: no byte order mark, LF line ends, no NUL or other control
/// characters (PostgreSQL's `text` refuses NUL) besides tab and line feed.
enum TextNormalizer {
    static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        if pending == "\u{FEFF}" {
            pending = iterator.next()
        }
        while let scalar = pending {
            pending = iterator.next()
            switch scalar.value {
            case 0x0D: // CR or CRLF
                scalars.append("\n")
                if pending == "\n" {
                    pending = iterator.next()
                }
            case 0x0A, 0x09:
                scalars.append(scalar)
            case 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                scalars.append("\n")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                continue
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// True when the text holds nothing but white space.
    static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }
}
