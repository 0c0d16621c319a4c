/// The optional clean-ups of ``ChunkStrategy``: URL and e-mail removal, extra white space removal.
enum TextCleaner {
    // MARK: URLs and e-mail addresses

    /// Removes `http://`, `https://`, `ftp://` and `www.` URLs (up to white space, a non-ASCII
    /// character or a quote; trailing punctuation stays) and e-mail addresses (with a `mailto:` before them).
    static func removeURLsAndEmails(_ text: CleanedText) -> CleanedText {
        let characters = text.characters
        var keep = [Bool](repeating: true, count: characters.count)
        var index = 0
        while index < characters.count {
            if let end = urlEnd(characters, at: index) {
                for removed in index..<end { keep[removed] = false }
                index = end
            } else {
                index += 1
            }
        }
        for at in characters.indices where characters[at] == "@" && keep[at] {
            guard let range = emailRange(characters, at: at) else { continue }
            var start = range.lowerBound
            let mailto = Array("mailto:")
            if start >= mailto.count, characters[(start - mailto.count)..<start].map({ Character($0.lowercased()) }) == mailto {
                start -= mailto.count
            }
            for removed in start..<range.upperBound { keep[removed] = false }
        }
        return text.filtered(keep)
    }

    private static let urlPrefixes: [[Character]] = ["https://", "http://", "ftp://", "www."].map { Array($0) }

    /// The end of a URL starting at `start`, nil when none starts there.
    private static func urlEnd(_ characters: [Character], at start: Int) -> Int? {
        // Only at the start of a word: "xhttp://" is not a URL (but "见https://" is).
        if start > 0, characters[start - 1].isASCII, characters[start - 1].isLetter || characters[start - 1].isNumber {
            return nil
        }
        guard let prefix = urlPrefixes.first(where: { matches(characters, at: start, $0) }) else {
            return nil
        }
        var end = start + prefix.count
        // A host follows: "www.-prefix" is a word, not a URL.
        guard end < characters.count, characters[end].isASCII, characters[end].isLetter || characters[end].isNumber else {
            return nil
        }
        while end < characters.count, isURLCharacter(characters[end]) {
            end += 1
        }
        guard end > start + prefix.count else { return nil }
        // Trailing punctuation belongs to the sentence; a `)` only when unbalanced in the URL.
        while end > start + prefix.count {
            let last = characters[end - 1]
            if ".,;:!?'\"]}>".contains(last) {
                end -= 1
            } else if last == ")" {
                let opened = characters[start..<end].filter { $0 == "(" }.count
                let closed = characters[start..<end].filter { $0 == ")" }.count
                if closed > opened { end -= 1 } else { break }
            } else {
                break
            }
        }
        return end
    }

    private static func isURLCharacter(_ character: Character) -> Bool {
        guard character.isASCII, !character.isWhitespace else { return false }
        return !"<>\"`{}|\\^".contains(character)
    }

    private static func matches(_ characters: [Character], at start: Int, _ prefix: [Character]) -> Bool {
        guard start + prefix.count <= characters.count else { return false }
        for (offset, expected) in prefix.enumerated() where Character(characters[start + offset].lowercased()) != expected {
            return false
        }
        return true
    }

    /// The range of an e-mail address whose `@` is at `at`: a local part of letters, digits and
    /// `._%+-`, a domain with a dot and a top-level part of two or more letters.
    private static func emailRange(_ characters: [Character], at: Int) -> Range<Int>? {
        var start = at
        while start > 0, isLocalPartCharacter(characters[start - 1]) {
            start -= 1
        }
        while start < at, characters[start] == "." {
            start += 1
        }
        guard start < at else { return nil }
        var end = at + 1
        while end < characters.count, isDomainCharacter(characters[end]) {
            end += 1
        }
        while end > at + 1, characters[end - 1] == "." || characters[end - 1] == "-" {
            end -= 1
        }
        let domain = characters[(at + 1)..<end]
        guard let lastDot = domain.lastIndex(of: "."), lastDot > at + 1 else { return nil }
        let topLevel = domain[(lastDot + 1)...]
        guard topLevel.count >= 2, topLevel.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return start..<end
    }

    private static func isLocalPartCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._%+-".contains(character))
    }

    private static func isDomainCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "-")
    }

    // MARK: White space

    /// Collapses each run of spaces and tabs into one space, drops blanks at the ends of lines, at
    /// their starts and on blank lines, and keeps at most two line breaks in a row.
    static func removeExtraSpaces(_ text: CleanedText) -> CleanedText {
        var characters: [Character] = []
        var origins: [Int] = []
        characters.reserveCapacity(text.count)
        origins.reserveCapacity(text.count)
        var pendingSpace: Int?
        var newlines: [Int] = []
        for (index, character) in text.characters.enumerated() {
            if character == "\n" {
                newlines.append(text.origins[index])
                pendingSpace = nil
            } else if character.isWhitespace {
                pendingSpace = pendingSpace ?? text.origins[index]
            } else {
                if !newlines.isEmpty {
                    for origin in newlines.prefix(2) {
                        characters.append("\n")
                        origins.append(origin)
                    }
                    newlines.removeAll()
                } else if let origin = pendingSpace, !characters.isEmpty {
                    characters.append(" ")
                    origins.append(origin)
                }
                pendingSpace = nil
                characters.append(character)
                origins.append(text.origins[index])
            }
        }
        return CleanedText(characters: characters, origins: origins)
    }
}
