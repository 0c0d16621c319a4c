import Foundation
/// Splits an SQL script into single statements at top-level semicolons.
///
/// PostgresNIO speaks only the extended query protocol, which takes one
/// statement at a time, so a migration file is split here. Semicolons inside
/// quoted strings (`'…'`, `E'…'`), quoted identifiers, dollar-quoted bodies
/// (`$$…$$`, `$tag$…$tag$`) and comments (`--`, nested `/* */`) do not split.
public enum SQLStatementSplitter {
    public static func split(_ script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        var hasContent = false

        func flush() {
            let statement = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if hasContent, !statement.isEmpty { statements.append(statement) }
            current = String.UnicodeScalarView()
            hasContent = false
        }

        func copy(upTo end: Int) {
            current.append(contentsOf: characters[index..<end])
            index = end
        }

        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "-" where next == "-":
                let end = characters[index...].firstIndex(of: "\n") ?? characters.count
                copy(upTo: end)
            case "/" where next == "*":
                copy(upTo: endOfBlockComment(characters, from: index))
            case "'":
                let escapes = index > 0 && (characters[index - 1] == "E" || characters[index - 1] == "e")
                copy(upTo: endOfQuoted(characters, from: index, quote: "'", backslashEscapes: escapes))
                hasContent = true
            case "\"":
                copy(upTo: endOfQuoted(characters, from: index, quote: "\"", backslashEscapes: false))
                hasContent = true
            case "$":
                if let tag = dollarTag(characters, at: index) {
                    copy(upTo: endOfDollarQuoted(characters, from: index, tag: tag))
                } else {
                    copy(upTo: index + 1)
                }
                hasContent = true
            case ";":
                index += 1
                flush()
            default:
                if !character.properties.isWhitespace { hasContent = true }
                copy(upTo: index + 1)
            }
        }
        flush()
        return statements
    }

    private static func endOfBlockComment(_ characters: [Unicode.Scalar], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "/" && characters[index + 1] == "*" {
                depth += 1
                index += 2
            } else if characters[index] == "*" && characters[index + 1] == "/" {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return characters.count
    }

    private static func endOfQuoted(_ characters: [Unicode.Scalar], from start: Int, quote: Unicode.Scalar, backslashEscapes: Bool) -> Int {
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if backslashEscapes && character == "\\" {
                index += 2
            } else if character == quote {
                // A doubled quote is an escaped quote.
                if index + 1 < characters.count && characters[index + 1] == quote {
                    index += 2
                } else {
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return characters.count
    }

    /// The `$tag$` opening at `index`, if one does.
    private static func dollarTag(_ characters: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        var end = index + 1
        while end < characters.count, characters[end] == "_" || characters[end].properties.isAlphabetic
            || (end > index + 1 && ("0"..."9").contains(characters[end]))
        {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return Array(characters[index...end])
    }

    private static func endOfDollarQuoted(_ characters: [Unicode.Scalar], from start: Int, tag: [Unicode.Scalar]) -> Int {
        var index = start + tag.count
        while index + tag.count <= characters.count {
            if characters[index] == "$" && Array(characters[index..<(index + tag.count)]) == tag {
                return index + tag.count
            }
            index += 1
        }
        return characters.count
    }
}
