import Foundation
import SearchEngine
import Testing

@Suite("Chunking")
struct ChunkerTests {
    /// "Sentence number N talks about search engines and chunking." for N = 1…40, joined by spaces.
    private let english = (1...40).map { "Sentence number \($0) talks about search engines and chunking." }.joined(separator: " ")

    @Test("the defaults are Coze's")
    func defaults() {
        let strategy = ChunkStrategy()
        #expect(strategy.separator == "\n")
        #expect(strategy.maxTokens == 800)
        #expect(strategy.overlap == 10)
        #expect(strategy.overlapCharacters == 80)
        #expect(!strategy.removeExtraSpaces)
        #expect(!strategy.removeURLsAndEmails)
        #expect(strategy.markdownHeadings == nil)
        #expect(strategy.usesMarkdownHeadings(for: .markdown))
        #expect(strategy.usesMarkdownHeadings(for: .html))
        #expect(!strategy.usesMarkdownHeadings(for: .text))
        #expect(ChunkStrategy(markdownHeadings: true).usesMarkdownHeadings(for: .text))
        #expect(!ChunkStrategy(markdownHeadings: false).usesMarkdownHeadings(for: .markdown))
    }

    @Test("a short text is one chunk, trimmed, with its offsets")
    func single() throws {
        let chunks = try Chunker().chunks(of: "\n  Hello, world.  \n")
        #expect(chunks == [Chunk(text: "Hello, world.", headingPath: [], index: 0, characterStart: 3, characterEnd: 16)])
    }

    @Test("English: cut after a sentence, overlap snapped to a word start")
    func englishSentences() throws {
        let strategy = ChunkStrategy(maxTokens: 300, overlap: 10)
        let chunks = try Chunker(strategy: strategy).chunks(of: english)
        ChunkInvariants.check(chunks, of: english, strategy: strategy)
        // Sentences 1–9 are 58 characters, each followed by a space: 5 fit in 300 (294 characters).
        #expect(chunks[0].text == (1...5).map { "Sentence number \($0) talks about search engines and chunking." }.joined(separator: " "))
        #expect(chunks[0].characterEnd == 294)
        // The overlap wanted is 30 characters: from 264 that is " about search…", snapped to "search".
        #expect(chunks[1].characterStart == 266)
        #expect(chunks[1].text.hasPrefix("search engines and chunking. Sentence number 6 talks"))
        #expect(chunks[1].text.hasSuffix("Sentence number 9 talks about search engines and chunking."))
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            let overlap = ChunkInvariants.overlap(previous, next)
            #expect(overlap > 0 && overlap <= 30)
            #expect(previous.text.hasSuffix(String(next.text.prefix(overlap))))
            #expect(next.text.hasPrefix("search engines and chunking. Sentence number"))
            #expect(previous.text.hasSuffix("chunking."))
        }
        #expect(chunks.count == 10)
        #expect(chunks.last?.characterEnd == english.count)
    }

    @Test("sizes are never exceeded and nothing is lost, across strategies and scripts")
    func invariants() throws {
        let mixed = (0..<60).map { index in
            index % 3 == 0 ? "第\(index)段：检索增强生成把文档切成片段，再用向量和全文检索召回。" :
                index % 3 == 1 ? "Paragraph \(index) mixes English words, numbers like 3.14 and URLs https://example.com/x." :
                "Supercalifragilisticexpialidocious-antidisestablishmentarianism-\(index) is long."
        }.joined(separator: "\n")
        let samples = [english, mixed, String(repeating: "x", count: 1234), String(repeating: "深度学习", count: 700)]
        for text in samples {
            for (maxTokens, overlap) in [(100, 0), (100, 50), (137, 10), (800, 10), (500, 33)] {
                let strategy = ChunkStrategy(maxTokens: maxTokens, overlap: overlap)
                let chunks = try Chunker(strategy: strategy).chunks(of: text)
                ChunkInvariants.check(chunks, of: text, strategy: strategy)
                for (previous, next) in zip(chunks, chunks.dropFirst()) {
                    #expect(next.characterStart > previous.characterStart)
                    #expect(ChunkInvariants.overlap(previous, next) <= strategy.overlapCharacters)
                    if overlap == 0 {
                        #expect(next.characterStart >= previous.characterEnd)
                    }
                }
            }
        }
    }

    @Test("lines are merged up to the size, never split when whole lines fit")
    func separatorMerging() throws {
        let lines = (1...20).map { "line \(String(format: "%02d", $0)) xxxxxxxxxxx" } // 19 characters each
        let text = lines.joined(separator: "\n")
        let strategy = ChunkStrategy(maxTokens: 100, overlap: 0)
        let chunks = try Chunker(strategy: strategy).chunks(of: text)
        // 5 lines and 4 line feeds are 99 characters; a sixth line would make 119.
        #expect(chunks.map(\.text) == stride(from: 0, to: 20, by: 5).map { lines[$0..<($0 + 5)].joined(separator: "\n") })
        ChunkInvariants.check(chunks, of: text, strategy: strategy)
    }

    @Test("a custom separator: paragraphs")
    func paragraphSeparator() throws {
        let paragraph = { (n: Int) in "Paragraph \(n) " + String(repeating: "word ", count: 9) + "end." } // 60 characters
        let text = (1...5).map(paragraph).joined(separator: "\n\n")
        let strategy = ChunkStrategy(separator: "\n\n", maxTokens: 150, overlap: 0)
        let chunks = try Chunker(strategy: strategy).chunks(of: text)
        #expect(chunks.map(\.text) == [
            paragraph(1) + "\n\n" + paragraph(2),
            paragraph(3) + "\n\n" + paragraph(4),
            paragraph(5),
        ])
    }

    @Test("no English word is cut when a space is within reach")
    func wordsKept() throws {
        let words = ["retrieval", "augmented", "generation", "splits", "documents", "into", "chunks", "of", "bounded", "size"]
        let text = (0..<300).map { words[($0 * 7) % words.count] }.joined(separator: " ")
        let characters = Array(text)
        for overlap in [0, 10, 25] {
            let strategy = ChunkStrategy(maxTokens: 100, overlap: overlap)
            let chunks = try Chunker(strategy: strategy).chunks(of: text)
            ChunkInvariants.check(chunks, of: text, strategy: strategy)
            for chunk in chunks {
                #expect(chunk.characterStart == 0 || characters[chunk.characterStart - 1] == " ", "starts inside a word: \(chunk.text)")
                #expect(chunk.characterEnd == characters.count || characters[chunk.characterEnd] == " ", "ends inside a word: \(chunk.text)")
                for word in chunk.text.split(separator: " ") {
                    #expect(words.contains(String(word)))
                }
            }
        }
    }

    @Test("a word longer than the reach is cut at the limit")
    func hardCut() throws {
        let text = String(repeating: "a", count: 250)
        let chunks = try Chunker(strategy: ChunkStrategy(maxTokens: 100, overlap: 0)).chunks(of: text)
        #expect(chunks.map(\.text.count) == [100, 100, 50])
        #expect(chunks.map(\.characterStart) == [0, 100, 200])
    }

    @Test("a short line before a long paragraph does not make a chunk of its own")
    func shortLineThenLongPiece() throws {
        let text = "Title\n" + english
        let chunks = try Chunker(strategy: ChunkStrategy(maxTokens: 300, overlap: 0)).chunks(of: text)
        #expect(chunks[0].text.hasPrefix("Title\nSentence number 1 "))
        // "Title\n" and five sentences are exactly 300 characters.
        #expect(chunks[0].text.hasSuffix("Sentence number 5 talks about search engines and chunking."))
        #expect(chunks[0].text.count == 300)
    }

    @Test("Chinese: cut after 。, overlap on a character boundary")
    func chineseSentences() throws {
        let sentence = "机器学习是人工智能的一个分支。" // 15 characters
        let text = String(repeating: sentence, count: 10)
        let plain = try Chunker(strategy: ChunkStrategy(maxTokens: 100, overlap: 0)).chunks(of: text)
        #expect(plain.map(\.text) == [String(repeating: sentence, count: 6), String(repeating: sentence, count: 4)])
        // Overlap 20 characters: the new text starts at 90, the overlap at 70 ("一个分支。" and the sixth sentence).
        let overlapped = try Chunker(strategy: ChunkStrategy(maxTokens: 100, overlap: 20)).chunks(of: text)
        #expect(overlapped.map(\.text) == [String(repeating: sentence, count: 6), "一个分支。" + String(repeating: sentence, count: 5)])
        #expect(overlapped[1].characterStart == 70)
    }

    @Test("Chinese: a clause mark when no sentence end is near, a character boundary when there is no mark")
    func chineseBoundaries() throws {
        let clause = "检索增强生成先召回相关片段，" // 14 characters
        let text = String(repeating: clause, count: 12)
        let chunks = try Chunker(strategy: ChunkStrategy(maxTokens: 100, overlap: 0)).chunks(of: text)
        // 7 clauses are 98 characters.
        #expect(chunks.map(\.text) == [String(repeating: clause, count: 7), String(repeating: clause, count: 5)])

        let unpunctuated = String(repeating: "向量检索全文检索混合检索", count: 21) // 252 characters
        let cut = try Chunker(strategy: ChunkStrategy(maxTokens: 100, overlap: 0)).chunks(of: unpunctuated)
        #expect(cut.map(\.text.count) == [100, 100, 52])
        #expect(cut.map(\.text).joined() == unpunctuated)
    }

    @Test("grapheme clusters are never split")
    func graphemes() throws {
        let family = "👨‍👩‍👧" // one character, five scalars
        let accented = "e\u{301}" // one character, two scalars
        let text = String(repeating: family, count: 150) + String(repeating: accented, count: 120)
        let chunks = try Chunker(strategy: ChunkStrategy(maxTokens: 100, overlap: 0)).chunks(of: text)
        #expect(chunks.map(\.text) == [
            String(repeating: family, count: 100),
            String(repeating: family, count: 50) + String(repeating: accented, count: 50),
            String(repeating: accented, count: 70),
        ])
    }

    @Test("chunking is deterministic")
    func deterministic() throws {
        let chunker = Chunker(strategy: ChunkStrategy(maxTokens: 150, overlap: 15))
        #expect(try chunker.chunks(of: english) == chunker.chunks(of: english))
    }

    @Test("an empty text, or one emptied by the clean-ups, is refused")
    func empty() {
        #expect(throws: SearchEngineError.emptyDocument) { try Chunker().chunks(of: " \n ") }
        #expect(throws: SearchEngineError.emptyDocument) {
            try Chunker(strategy: ChunkStrategy(removeURLsAndEmails: true)).chunks(of: "https://example.com\nadmin@example.com")
        }
    }
}

@Suite("Chunking at scale")
struct ChunkerScaleTests {
    @Test("a 1 MB document of one line, and one of many lines, chunk in linear time")
    func large() throws {
        let sentence = "Hybrid retrieval fuses full-text and vector search results. 混合检索融合全文与向量检索结果。"
        let oneLine = String(repeating: sentence, count: 6_000)
        let manyLines = String(repeating: sentence + "\n", count: 6_000)
        let clock = ContinuousClock()
        for text in [oneLine, manyLines] {
            let strategy = ChunkStrategy(maxTokens: 800, overlap: 10)
            let elapsed = try clock.measure {
                let chunks = try Chunker(strategy: strategy).chunks(of: text)
                #expect(chunks.count > 500)
                #expect(chunks.allSatisfy { $0.text.count <= 800 })
            }
            #expect(elapsed < .seconds(30), "chunking took \(elapsed)")
        }
    }
}
