/// Parses the text of a `.env` file: `KEY=value` lines, optional `export `,
/// `#` comments, single- or double-quoted values (double quotes understand
/// `\n`, `\"` and `\\`).
public enum DotEnvParser {
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            var line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingWhitespace() }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingWhitespace()
            guard !key.isEmpty else { continue }
            values[key] = parseValue(String(line[line.index(after: equals)...]).trimmingWhitespace())
        }
        return values
    }

    private static func parseValue(_ raw: String) -> String {
        if raw.hasPrefix("'"), let end = raw.dropFirst().firstIndex(of: "'") {
            return String(raw[raw.index(after: raw.startIndex)..<end])
        }
        if raw.hasPrefix("\"") {
            var result = ""
            var escaped = false
            for character in raw.dropFirst() {
                if escaped {
                    switch character {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    default: result.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    return result
                } else {
                    result.append(character)
                }
            }
            return result
        }
        // Unquoted: an inline comment starts at " #".
        if let comment = raw.range(of: " #") {
            return String(raw[..<comment.lowerBound]).trimmingWhitespace()
        }
        return raw
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let trimmed = drop(while: \.isWhitespace)
        return String(trimmed.reversed().drop(while: \.isWhitespace).reversed())
    }
}
