import SearchEngine
import Testing

@Suite("Document formats")
struct FormatDetectionTests {
    private let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    private let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]

    @Test("the MIME type wins, its parameters ignored")
    func mimeType() throws {
        #expect(try DocumentFormat.detect(Array("hello".utf8), fileName: "a.pdf", mimeType: "text/markdown; charset=utf-8") == .markdown)
        #expect(try DocumentFormat.detect([], mimeType: "TEXT/HTML") == .html)
        #expect(try DocumentFormat.detect([], mimeType: "application/pdf") == .pdf)
        #expect(try DocumentFormat.detect([], mimeType: "image/webp") == .image)
        #expect(try DocumentFormat.detect([], mimeType: "text/csv") == .text)
        #expect(try DocumentFormat.detect([], mimeType: "application/json") == .text)
    }

    @Test("a generic MIME type falls through to the extension, then to the bytes")
    func genericMIMEType() throws {
        #expect(try DocumentFormat.detect(png, fileName: "notes.md", mimeType: "application/octet-stream") == .markdown)
        #expect(try DocumentFormat.detect(png, fileName: nil, mimeType: "application/octet-stream") == .image)
        #expect(try DocumentFormat.detect(Array("plain".utf8), fileName: "README", mimeType: "") == .text)
    }

    @Test("extensions, case-insensitive, paths allowed")
    func extensions() throws {
        let cases: [(String, DocumentFormat)] = [
            ("a.txt", .text), ("dir/b.MD", .markdown), ("c.markdown", .markdown), ("d.htm", .html),
            ("e.HTML", .html), ("f.pdf", .pdf), ("g.png", .image), ("h.jpeg", .image), ("i.jpg", .image),
            ("j.tif", .image), ("k.tiff", .image), ("l.bmp", .image), ("m.gif", .image), ("n.webp", .image),
        ]
        for (name, format) in cases {
            #expect(try DocumentFormat.detect([], fileName: name) == format, "\(name)")
        }
    }

    @Test("magic bytes: PDF, images, HTML, else text")
    func magicBytes() throws {
        #expect(try DocumentFormat.detect(Array("%PDF-1.7\n%âãÏÓ\n".utf8)) == .pdf)
        #expect(try DocumentFormat.detect(png) == .image)
        #expect(try DocumentFormat.detect(jpeg) == .image)
        #expect(try DocumentFormat.detect(Array("GIF89a".utf8) + [1, 0, 1, 0]) == .image)
        #expect(try DocumentFormat.detect([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]) == .image)
        #expect(try DocumentFormat.detect(Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8)) == .image)
        #expect(try DocumentFormat.detect([0xEF, 0xBB, 0xBF] + Array("  <!DOCTYPE html><html>".utf8)) == .html)
        #expect(try DocumentFormat.detect(Array("\n<html lang=\"en\"><body>x</body></html>".utf8)) == .html)
        #expect(try DocumentFormat.detect(Array("<!-- generated -->\n<html>".utf8)) == .html)
        #expect(try DocumentFormat.detect(Array("# Title\n\nSome text, 中文。".utf8)) == .text)
        #expect(try DocumentFormat.detect(Array("a < b and <b>bold</b> is not a page".utf8)) == .text)
    }

    @Test("unsupported formats are named")
    func unsupported() {
        #expect(throws: SearchEngineError.unsupportedFormat("Word document (.docx)")) {
            try DocumentFormat.detect([0x50, 0x4B, 0x03, 0x04], fileName: "report.docx")
        }
        #expect(throws: SearchEngineError.unsupportedFormat("ZIP archive (application/zip)")) {
            try DocumentFormat.detect([], mimeType: "application/zip")
        }
        #expect(throws: SearchEngineError.unsupportedFormat("ZIP archive (or .docx/.xlsx/.pptx)")) {
            try DocumentFormat.detect([0x50, 0x4B, 0x03, 0x04, 20, 0])
        }
        #expect(throws: SearchEngineError.unsupportedFormat("audio/mpeg")) {
            try DocumentFormat.detect([], mimeType: "audio/mpeg")
        }
        #expect(throws: SearchEngineError.unsupportedFormat("unrecognised binary data")) {
            try DocumentFormat.detect([0x00, 0x01, 0x02, 0x03], fileName: "blob.xyz")
        }
        let message = SearchEngineError.unsupportedFormat("Word document (.docx)").description
        #expect(message == "unsupported document format: Word document (.docx) (send plain text, Markdown, HTML, PDF or an image)")
    }

    @Test("heading-aware chunking defaults by format")
    func headingDefaults() {
        #expect(DocumentFormat.markdown.headingsByDefault)
        #expect(DocumentFormat.html.headingsByDefault)
        #expect(!DocumentFormat.text.headingsByDefault)
        #expect(!DocumentFormat.pdf.headingsByDefault)
    }
}
