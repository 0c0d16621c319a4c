/// Chooses where a chunk ends inside a piece too long for it, and where its overlap begins.
///
/// A break at index `b` falls between `characters[b - 1]` and `characters[b]`, so it can never cut a
/// grapheme cluster (nor, a fortiori, a UTF-8 sequence).
struct BoundaryFinder {
    let characters: [Character]
    /// The separator of the strategy: a break just after it is the best there is.
    let separator: [Character]

    /// How good a break before `index` is: 6 the end, 5 after the separator, 5 after a line feed,
    /// 4 after a sentence, 3 after a clause, 2 at white space, 1 next to a CJK character, 0 inside a word.
    func quality(at index: Int) -> Int {
        guard index < characters.count else { return 6 }
        guard index > 0 else { return 0 }
        let previous = characters[index - 1]
        let next = characters[index]
        if endsWithSeparator(at: index) || previous == "\n" {
            return 5
        }
        if !CharacterClass.isCloser(next) {
            let spaceOrCJK = next.isWhitespace || CharacterClass.isCJK(next)
            if CharacterClass.isCJKSentenceEnd(previous) || CharacterClass.isLatinSentenceEnd(previous) && spaceOrCJK {
                return 4
            }
            if CharacterClass.isCloser(previous), index >= 2 {
                let mark = characters[index - 2]
                if CharacterClass.isCJKSentenceEnd(mark) || CharacterClass.isLatinSentenceEnd(mark) && spaceOrCJK {
                    return 4
                }
            }
            if CharacterClass.isCJKClauseEnd(previous) || CharacterClass.isLatinClauseEnd(previous) && next.isWhitespace {
                return 3
            }
        }
        if next.isWhitespace || previous.isWhitespace {
            return 2
        }
        if (CharacterClass.isCJK(previous) || CharacterClass.isCJK(next)) && !isCJKMark(next) {
            return 1
        }
        return 0
    }

    /// The end of a chunk whose new text starts at `start` and may not reach past `limit`: the best
    /// break (then the latest) among the `window` positions before `limit`, or `limit` itself when
    /// there is none (a cut inside an overlong word).
    func splitPoint(from start: Int, limit: Int, window: Int) -> Int {
        let lowest = max(start + 1, limit - window)
        var best = limit
        var bestQuality = 0
        var index = limit
        while index >= lowest {
            let quality = quality(at: index)
            if quality > bestQuality {
                best = index
                bestQuality = quality
                if quality >= 5 { break }
            }
            index -= 1
        }
        return best
    }

    /// Where the overlap of a chunk whose new text starts at `start` begins: the first word or
    /// character start at or after `lowest`, `start` when there is none.
    func overlapStart(lowest: Int, before start: Int) -> Int {
        var index = max(lowest, 0)
        while index < start {
            if isStart(index) {
                return index
            }
            index += 1
        }
        return start
    }

    /// Whether a chunk may begin at `index`: a visible character after white space, a CJK character,
    /// or after a CJK character or a punctuation mark that ends a sentence or clause.
    private func isStart(_ index: Int) -> Bool {
        let character = characters[index]
        guard !character.isWhitespace else { return false }
        guard index > 0 else { return true }
        if isCJKMark(character) { return false }
        let previous = characters[index - 1]
        return previous.isWhitespace || CharacterClass.isCJK(character) || CharacterClass.isCJK(previous)
            || endsWithSeparator(at: index)
    }

    /// Punctuation that should not open a chunk: sentence and clause ends, closing brackets.
    private func isCJKMark(_ character: Character) -> Bool {
        CharacterClass.isCJKSentenceEnd(character) || CharacterClass.isCJKClauseEnd(character) || CharacterClass.isCloser(character)
    }

    /// Whether the separator ends just before `index`.
    func endsWithSeparator(at index: Int) -> Bool {
        let length = separator.count
        guard length > 0, index >= length, index <= characters.count else { return false }
        var offset = 0
        while offset < length {
            if characters[index - length + offset] != separator[offset] { return false }
            offset += 1
        }
        return true
    }
}
