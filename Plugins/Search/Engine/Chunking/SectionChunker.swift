/// Cuts one section of text into chunk ranges: separator pieces merged up to the size, overlong
/// pieces cut at the best nearby break, each chunk after the first opening with the previous one's tail.
struct SectionChunker {
    let characters: [Character]
    let finder: BoundaryFinder
    /// The largest chunk, overlap included.
    let maxLength: Int
    /// The overlap wanted, before it is snapped forward to a word or character start.
    let overlapLength: Int
    /// Every index just past an occurrence of the separator, ascending (found once: a document may
    /// be one long line).
    private let separatorEnds: [Int]

    init(characters: [Character], separator: [Character], maxLength: Int, overlapLength: Int) {
        self.characters = characters
        self.finder = BoundaryFinder(characters: characters, separator: separator)
        self.maxLength = maxLength
        self.overlapLength = overlapLength
        var ends: [Int] = []
        if let first = separator.first {
            var index = 0
            while index < characters.count {
                if characters[index] == first, finder.endsWithSeparator(at: index + separator.count) {
                    ends.append(index + separator.count)
                }
                index += 1
            }
        }
        self.separatorEnds = ends
    }

    /// A chunk's range, trimmed, and where its new text (after the overlap) starts.
    struct Piece: Equatable {
        var range: Range<Int>
        var newTextStart: Int
    }

    func pieces(in section: Range<Int>) -> [Piece] {
        var result: [Piece] = []
        var position = section.lowerBound
        let end = section.upperBound
        var previousStart: Int?
        while true {
            while position < end, characters[position].isWhitespace {
                position += 1
            }
            guard position < end else { break }
            var start = position
            if let previousStart, overlapLength > 0 {
                start = finder.overlapStart(lowest: max(previousStart, position - overlapLength), before: position)
            }
            let limit = start + maxLength
            let chunkEnd: Int
            if trimmedEnd(from: start, to: end) <= limit {
                chunkEnd = end
            } else {
                var merged = position
                var boundary = nextSeparatorEnd(after: position, before: end)
                while boundary < end, trimmedEnd(from: start, to: boundary) <= limit {
                    merged = boundary
                    boundary = nextSeparatorEnd(after: boundary, before: end)
                }
                let budget = limit - position
                if merged - position < budget / 2 {
                    // No piece fits, or the pieces that do are short next to the one that follows:
                    // cut that one at the best break near the limit.
                    chunkEnd = finder.splitPoint(from: position, limit: limit, window: max(1, budget / 4))
                } else {
                    chunkEnd = merged
                }
            }
            result.append(Piece(range: start..<trimmedEnd(from: start, to: chunkEnd), newTextStart: position))
            previousStart = start
            position = chunkEnd
        }
        return result
    }

    /// `end` moved back over white space (not before `start`).
    private func trimmedEnd(from start: Int, to end: Int) -> Int {
        var index = end
        while index > start, characters[index - 1].isWhitespace {
            index -= 1
        }
        return index
    }

    /// The index just past the next separator at or after `index`, `end` when there is none before it.
    private func nextSeparatorEnd(after index: Int, before end: Int) -> Int {
        let wanted = index + finder.separator.count
        var low = 0
        var high = separatorEnds.count
        while low < high {
            let middle = (low + high) / 2
            if separatorEnds[middle] < wanted {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < separatorEnds.count else { return end }
        return min(separatorEnds[low], end)
    }
}
