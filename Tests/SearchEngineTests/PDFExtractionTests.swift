import SearchEngine
import SkillHubTestSupport
import Testing

@Suite("PDF extraction")
struct PDFExtractionTests {
    @Test("the text layer page by page, with page spans and the metadata title")
    func pages() throws {
        let pdf = TestPDF.make(
            pages: [["Hello PDF world.", "Second line here."], ["Page two text."]],
            title: "Test Document"
        )
        #expect(try DocumentFormat.detect(pdf) == .pdf)
        let document = try TextExtractor.extract(pdf, format: .pdf)
        #expect(document.format == .pdf)
        #expect(document.title == "Test Document")
        #expect(document.text == "Hello PDF world.\nSecond line here.\n\nPage two text.")
        #expect(document.pages == [
            PageSpan(number: 1, characterStart: 0, characterEnd: 34),
            PageSpan(number: 2, characterStart: 36, characterEnd: 50),
        ])
        #expect(document.page(atCharacter: 0) == 1)
        #expect(document.page(atCharacter: 33) == 1)
        #expect(document.page(atCharacter: 35) == nil)
        #expect(document.page(atCharacter: 36) == 2)
    }

    @Test("chunks carry the page their new text starts on")
    func chunkPages() throws {
        let first = (1...30).map { "Line \($0) of the first page has several words in it." }
        let second = (1...30).map { "Line \($0) of the second page has other words in it." }
        let document = try TextExtractor.extract(TestPDF.make(pages: [first, [], second]), format: .pdf)
        #expect(document.pages.map(\.number) == [1, 3])
        let chunks = try Chunker(strategy: ChunkStrategy(maxTokens: 500)).chunks(of: document)
        #expect(chunks.first?.page == 1)
        #expect(chunks.last?.page == 3)
        #expect(chunks.allSatisfy { $0.headingPath.isEmpty })
        for chunk in chunks where chunk.text.contains("second page") && !chunk.text.contains("first page") {
            #expect(chunk.page == 3)
        }
        #expect(chunks.map(\.page).contains(nil) == false)
    }

    @Test("corrupt or truncated PDFs are refused clearly")
    func corrupt() {
        #expect {
            try TextExtractor.extract(Array("%PDF-1.4\ngarbage that is not a PDF at all".utf8), format: .pdf)
        } throws: { error in
            guard case SearchEngineError.corruptPDF = error else { return false }
            return (error as? SearchEngineError)?.description.hasPrefix("the PDF is corrupt or unreadable: ") == true
        }
        let valid = TestPDF.make(pages: [["Some text"]])
        #expect {
            try TextExtractor.extract(Array(valid.prefix(40)), format: .pdf)
        } throws: { error in
            if case SearchEngineError.corruptPDF = error { return true }
            return false
        }
        #expect(throws: SearchEngineError.emptyDocument) { try TextExtractor.extract([], format: .pdf) }
    }

    @Test("a password-protected PDF is refused as encrypted")
    func encrypted() {
        #expect(throws: SearchEngineError.encryptedPDF) {
            try TextExtractor.extract(TestPDF.make(pages: [["Secret"]], encrypted: true), format: .pdf)
        }
    }

    @Test("a PDF without a text layer says so")
    func noTextLayer() {
        #expect(throws: SearchEngineError.pdfWithoutTextLayer) {
            try TextExtractor.extract(TestPDF.make(pages: [[], []]), format: .pdf)
        }
        #expect(SearchEngineError.pdfWithoutTextLayer.description.contains("no text layer"))
    }
}
