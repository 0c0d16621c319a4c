import SearchEngine
import Testing

/// Checks that hold for every chunking without clean-ups.
enum ChunkInvariants {
    static func check(_ chunks: [Chunk], of text: String, strategy: ChunkStrategy, sourceLocation: SourceLocation = #_sourceLocation) {
        let characters = Array(text)
        var covered = [Bool](repeating: false, count: characters.count)
        for (position, chunk) in chunks.enumerated() {
            #expect(chunk.index == position, sourceLocation: sourceLocation)
            #expect(chunk.text.count <= strategy.maxTokens, "chunk \(position) has \(chunk.text.count) characters", sourceLocation: sourceLocation)
            #expect(!chunk.text.isEmpty, sourceLocation: sourceLocation)
            #expect(chunk.text.first?.isWhitespace == false && chunk.text.last?.isWhitespace == false, sourceLocation: sourceLocation)
            // The text is exactly the extracted text at the chunk's offsets.
            #expect(String(characters[chunk.characterStart..<chunk.characterEnd]) == chunk.text, sourceLocation: sourceLocation)
            for index in chunk.characterStart..<chunk.characterEnd { covered[index] = true }
        }
        // Nothing but white space is left out.
        for index in characters.indices where !covered[index] {
            #expect(characters[index].isWhitespace, "character \(index) (\(characters[index])) is in no chunk", sourceLocation: sourceLocation)
        }
    }

    /// The number of characters chunk `next` repeats from the chunk before it (0 when they do not touch).
    static func overlap(_ previous: Chunk, _ next: Chunk) -> Int {
        max(0, previous.characterEnd - next.characterStart)
    }
}
