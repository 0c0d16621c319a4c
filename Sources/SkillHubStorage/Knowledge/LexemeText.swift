/// PostgreSQL `tsvector` literals made from the host's own terms (``Tokenizer``), since
/// PostgreSQL's parsers do not segment Chinese text, and read back for the in-memory term index.
/// The terms are taken as they are: no stemming, no stop words of PostgreSQL's.
public enum LexemeText {
    /// The longest lexeme PostgreSQL takes is 2,046 bytes; longer terms are left out.
    static let maximumLexemeBytes = 2046
    /// Positions in a `tsvector` end at 16,383.
    static let maximumPosition = 16383

    /// `'term':1,4 'other':2 …`: each term with the positions (from 1) at which it occurs.
    public static func vector(_ terms: [String]) -> String {
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (index, term) in terms.enumerated() where term.utf8.count <= maximumLexemeBytes {
            if positions[term] == nil { order.append(term) }
            positions[term, default: []].append(min(index + 1, maximumPosition))
        }
        return order.map { term in
            quoted(term) + ":" + (positions[term] ?? []).prefix(256).map(String.init).joined(separator: ",")
        }.joined(separator: " ")
    }

    /// The terms of a `tsvector` as PostgreSQL prints it (`lexemes::text`), each with its number of
    /// positions (1 for a lexeme printed without positions): `'it''s':1,4 'b':2A` → it's 2, b 1.
    /// Lexemes are quoted with `'` and `\` doubled (any character after a backslash is taken as it
    /// is); positions may carry a weight letter. Malformed text yields the terms read up to the fault.
    public static func termFrequencies(_ vector: String) -> [(term: String, frequency: Int)] {
        var vector = vector
        return vector.withUTF8 { bytes in
            var terms: [(term: String, frequency: Int)] = []
            var index = 0
            var lexeme: [UInt8] = []
            while index < bytes.count {
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "'") else { break }
                index += 1
                lexeme.removeAll(keepingCapacity: true)
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "'") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
                            lexeme.append(byte)
                            index += 2
                        } else {
                            index += 1
                            closed = true
                            break
                        }
                    } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        lexeme.append(bytes[index + 1])
                        index += 2
                    } else {
                        lexeme.append(byte)
                        index += 1
                    }
                }
                guard closed else { break }
                var positions = 0
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: " ") {
                        if bytes[index] == UInt8(ascii: ",") { positions += 1 }
                        index += 1
                    }
                    positions += 1
                }
                terms.append((String(decoding: lexeme, as: UTF8.self), max(positions, 1)))
            }
            return terms
        }
    }

    /// A lexeme in single quotes, with quotes and backslashes doubled as the literal syntax requires.
    static func quoted(_ term: String) -> String {
        var text = "'"
        for character in term {
            if character == "'" || character == "\\" { text.append(character) }
            text.append(character)
        }
        return text + "'"
    }
}
