import SearchEngine
import Testing

@Suite("HTML extraction")
struct HTMLExtractionTests {
    private func extract(_ html: String) throws -> ExtractedDocument {
        try TextExtractor.extract(Array(html.utf8), format: .html)
    }

    @Test("visible text only, headings as Markdown, blocks as lines, title from <title>")
    func page() throws {
        let html = """
        <!DOCTYPE html>
        <html>
        <head>
          <meta charset="utf-8">
          <title>  SkillHub &amp; Search  </title>
          <style>body { color: red; }</style>
          <script>var hidden = "<p>not text</p>";</script>
        </head>
        <body>
          <!-- a comment <p>hidden</p> -->
          <h1>Install</h1>
          <p>Run   the
             installer.</p>
          <h2 class="x">From <em>source</em></h2>
          <ul><li>Clone</li><li>Build</li></ul>
          <div>One<br>Two</div>
          <p>Caf&eacute; &lt;tag&gt; &#20013;&#x6587; &quot;q&quot;&nbsp;end</p>
          <noscript>Enable JavaScript</noscript>
        </body>
        </html>
        """
        let document = try extract(html)
        #expect(document.title == "SkillHub & Search")
        #expect(document.text == """
        # Install

        Run the installer.

        ## From source

        Clone
        Build

        One
        Two

        Café <tag> 中文 "q" end
        """)
    }

    @Test("a head that is never closed ends at the first body content")
    func unclosedHead() throws {
        let document = try extract("<html><head><title>T</title><meta charset=utf-8><p>Body text</p>")
        #expect(document.title == "T")
        #expect(document.text == "Body text")
        #expect(try extract("<head><title>T</title></head>Loose text").text == "Loose text")
    }

    @Test("tables: rows are lines, cells are separated by tabs")
    func table() throws {
        let document = try extract("<table><tr><th>Name</th><th>Price</th></tr><tr><td>Tea</td><td>3</td></tr></table>")
        #expect(document.text == "Name\tPrice\nTea\t3")
    }

    @Test("<pre> keeps its white space")
    func preformatted() throws {
        let document = try extract("<p>Code:</p><pre>let x = 1\n    if x { }</pre><p>after</p>")
        #expect(document.text == "Code:\n\nlet x = 1\n    if x { }\n\nafter")
    }

    @Test("a heading keeps to one line; quoted `>` in attributes; a lone `<` is text")
    func edgeCases() throws {
        let document = try extract("<h3 title=\"a > b\">Part<br>One</h3><p>1 < 2 and 3 > 2</p><p>AT&T &unknown; &#0;</p>")
        #expect(document.text == "### Part One\n\n1 < 2 and 3 > 2\n\nAT&T &unknown; \u{FFFD}")
    }

    @Test("HTML without markup around it, and text sent as a string")
    func fragment() throws {
        let document = try TextExtractor.extract(text: "<p>Hello <b>world</b></p><p>Second</p>", format: .html)
        #expect(document.text == "Hello world\n\nSecond")
        #expect(document.title == nil)
    }

    @Test("Windows-1252 HTML that says so is read; undeclared bad UTF-8 is refused")
    func charset() throws {
        let latin: [UInt8] = Array("<meta charset=\"windows-1252\"><p>caf".utf8) + [0xE9, 0x20, 0x93, 0x71, 0x94] + Array("</p>".utf8)
        #expect(try TextExtractor.extract(latin, format: .html).text == "café “q”")
        #expect(throws: SearchEngineError.invalidUTF8(offset: 3)) {
            try TextExtractor.extract([0x3C, 0x70, 0x3E, 0xE9, 0x3C], format: .html)
        }
    }
}
