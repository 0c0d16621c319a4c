extension String {
    /// Without leading and trailing whitespace and newlines.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Tesseract separates CJK characters with spaces ("今天 天 气"); Chinese and Japanese are written
    /// without them. Drops whitespace (not newlines) whose neighbours on both sides are CJK.
    var collapsingCJKSpaces: String {
        let scalars = Array(unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == " " || scalar == "\u{3000}",
               let before = kept.last, before.isCJK,
               let after = scalars[(index + 1)...].first(where: { $0 != " " && $0 != "\u{3000}" }), after.isCJK {
                continue
            }
            kept.append(scalar)
        }
        return String(kept)
    }
}

extension Unicode.Scalar {
    /// Han, kana, CJK punctuation and full-width forms.
    var isCJK: Bool {
        switch value {
        case 0x3000...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
