import SearchEngine
import Testing

@Suite("Text and Markdown extraction")
struct TextExtractionTests {
    @Test("a BOM is dropped, CRLF and CR become LF, NUL goes")
    func normalisation() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("one\r\ntwo\rthree\u{0}\nfour".utf8)
        let document = try TextExtractor.extract(bytes, format: .text)
        #expect(document.text == "one\ntwo\nthree\nfour")
        #expect(document.format == .text)
        #expect(document.title == nil)
        #expect(document.pages.isEmpty)
    }

    @Test("invalid UTF-8 names the offset of the first bad byte")
    func invalidUTF8() {
        // "ab" then a lone continuation byte.
        #expect(throws: SearchEngineError.invalidUTF8(offset: 2)) {
            try TextExtractor.extract([0x61, 0x62, 0x80, 0x63], format: .text)
        }
        // "中" (E4 B8 AD) is fine, then a truncated 3-byte sequence at offset 4.
        #expect(throws: SearchEngineError.invalidUTF8(offset: 4)) {
            try TextExtractor.extract([0xE4, 0xB8, 0xAD, 0x20, 0xE6, 0x96], format: .markdown)
        }
        // An overlong "/" (C0 AF) and an encoded surrogate (ED A0 80) are refused.
        #expect(throws: SearchEngineError.invalidUTF8(offset: 1)) {
            try TextExtractor.extract([0x41, 0xC0, 0xAF], format: .text)
        }
        #expect(throws: SearchEngineError.invalidUTF8(offset: 0)) {
            try TextExtractor.extract([0xED, 0xA0, 0x80], format: .text)
        }
        #expect(SearchEngineError.invalidUTF8(offset: 2).description == "the document is not valid UTF-8 (invalid byte at offset 2)")
    }

    @Test("four-byte sequences are valid")
    func fourBytes() throws {
        let document = try TextExtractor.extract(Array("emoji 😀 and 𠀀".utf8), format: .text)
        #expect(document.text == "emoji 😀 and 𠀀")
    }

    @Test("an empty or blank document is refused")
    func empty() {
        #expect(throws: SearchEngineError.emptyDocument) { try TextExtractor.extract([], format: .text) }
        #expect(throws: SearchEngineError.emptyDocument) { try TextExtractor.extract(Array(" \n\t\r\n ".utf8), format: .markdown) }
        #expect(throws: SearchEngineError.emptyDocument) { try TextExtractor.extract(text: "\u{FEFF}  ", format: .text) }
        #expect(throws: SearchEngineError.emptyDocument) {
            try TextExtractor.extract(Array("<html><head><title>T</title></head><body> <script>x()</script></body></html>".utf8), format: .html)
        }
    }

    @Test("Markdown: the first level-1 heading outside code is the title")
    func markdownTitle() throws {
        let markdown = "```\n# not a title\n```\n## Sub\n# Real title #\ntext"
        let document = try TextExtractor.extract(Array(markdown.utf8), format: .markdown)
        #expect(document.title == "Real title")
        #expect(document.text == markdown)
    }

    @Test("images are for the ocr skill; PDFs do not come as text")
    func notExtractable() {
        #expect(throws: SearchEngineError.imageNeedsOCR) { try TextExtractor.extract([0x89, 0x50], format: .image) }
        #expect(throws: SearchEngineError.unsupportedFormat("pdf sent as text")) { try TextExtractor.extract(text: "x", format: .pdf) }
    }
}
