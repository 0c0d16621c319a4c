/// One start or end tag read by ``HTMLTextExtractor``.
struct HTMLTag {
    /// The element name, lowercased.
    var name: String
    var isClosing: Bool
    var isSelfClosing: Bool
    /// The index just past the tag's `>`.
    var end: Int

    /// Reads the tag at `start` (which holds `<`), nil when what follows is not a tag
    /// (`a < b` is text). Attribute values in quotes may hold `>`.
    static func parse(_ scalars: [Unicode.Scalar], at start: Int) -> HTMLTag? {
        var index = start + 1
        var isClosing = false
        if index < scalars.count, scalars[index] == "/" {
            isClosing = true
            index += 1
        }
        guard index < scalars.count, ("a"..."z").contains(scalars[index]) || ("A"..."Z").contains(scalars[index]) else {
            return nil
        }
        var name = String.UnicodeScalarView()
        while index < scalars.count, HTMLEntities.isASCIIAlphanumeric(scalars[index]) || scalars[index] == "-" || scalars[index] == ":" {
            let scalar = scalars[index]
            name.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar)
            index += 1
        }
        var quote: Unicode.Scalar?
        var lastNonSpace: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if let open = quote {
                if scalar == open { quote = nil }
                continue
            }
            if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return HTMLTag(name: String(name), isClosing: isClosing, isSelfClosing: lastNonSpace == "/" || voidElements.contains(String(name)), end: index)
            }
            if !scalar.properties.isWhitespace {
                lastNonSpace = scalar
            }
        }
        // An unterminated tag runs to the end of the document.
        return HTMLTag(name: String(name), isClosing: isClosing, isSelfClosing: true, end: scalars.count)
    }

    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
}
