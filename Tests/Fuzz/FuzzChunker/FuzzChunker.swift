import FuzzSupport
import SearchEngine

/// The search skill's text extraction and chunker: the first byte picks the format (text,
/// Markdown, HTML) and the strategy (size, overlap, cleaning); any bytes extract or are refused,
/// and chunks are never empty, numbered in order, with ranges inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunker(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let (choice, rest) = FuzzInput(start, count).selector
    let formats: [DocumentFormat] = [.text, .markdown, .html]
    let format = formats[Int(choice) % formats.count]
    let strategy = ChunkStrategy(
        separator: choice & 0x08 == 0 ? "\n" : "。",
        maxTokens: choice & 0x10 == 0 ? 100 : 800,
        overlap: choice & 0x20 == 0 ? 10 : 50,
        removeExtraSpaces: choice & 0x40 != 0,
        removeURLsAndEmails: choice & 0x80 != 0
    )
    guard let document = try? TextExtractor.extract(rest, format: format),
          let chunks = try? Chunker(strategy: strategy).chunks(of: document) else { return 0 }
    for (position, chunk) in chunks.enumerated() {
        fuzzInvariant(!chunk.text.isEmpty, "an empty chunk")
        fuzzInvariant(chunk.index == position, "chunk \(position) numbered \(chunk.index)")
        fuzzInvariant(chunk.characterStart <= chunk.characterEnd, "chunk \(position) range \(chunk.characterStart)..<\(chunk.characterEnd)")
    }
    return 0
}
