import SkillHubWire

/// The JSON object in a model's answer: small models wrap it in code fences or prose, so the
/// first balanced `{…}` is taken; nil when there is none that parses.
public enum ModelJSON {
    public static func object(in answer: String) -> JSONValue? {
        let characters = Array(answer.unicodeScalars)
        var start = characters.firstIndex(of: "{")
        while let opening = start {
            var depth = 0
            var inString = false
            var escaped = false
            for index in opening..<characters.count {
                let character = characters[index]
                if inString {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                    continue
                }
                switch character {
                case "\"": inString = true
                case "{": depth += 1
                case "}":
                    depth -= 1
                    if depth == 0 {
                        var text = String.UnicodeScalarView()
                        text.append(contentsOf: characters[opening...index])
                        if let value = try? JSONValue(parsing: Array(String(text).utf8)), value.objectValue != nil { return value }
                        break
                    }
                default: break
                }
                if depth == 0 { break }
            }
            start = characters[(opening + 1)...].firstIndex(of: "{")
        }
        return nil
    }
}
