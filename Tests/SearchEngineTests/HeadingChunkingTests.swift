import SearchEngine
import Testing

@Suite("Heading-aware chunking")
struct HeadingChunkingTests {
    @Test("headings start sections; each chunk carries its heading path; code fences are not headings")
    func sections() throws {
        let markdown = """
        Intro line.

        # Install
        ## From source

        Clone the repo.

        ```sh
        # not a heading
        make
        ```

        ## Binary ##
        Download it.
        ~~~
        ## still code
        ~~~
        # Usage
        Run it.
        #hashtag is not a heading
        """
        let chunks = try Chunker().chunks(of: markdown, format: .markdown)
        #expect(chunks.map(\.headingPath) == [[], ["Install", "From source"], ["Install", "Binary"], ["Usage"]])
        #expect(chunks.map(\.text) == [
            "Intro line.",
            "# Install\n## From source\n\nClone the repo.\n\n```sh\n# not a heading\nmake\n```",
            "## Binary ##\nDownload it.\n~~~\n## still code\n~~~",
            "# Usage\nRun it.\n#hashtag is not a heading",
        ])
        #expect(chunks.map(\.index) == [0, 1, 2, 3])
        let characters = Array(markdown)
        for chunk in chunks {
            #expect(String(characters[chunk.characterStart..<chunk.characterEnd]) == chunk.text)
        }
    }

    @Test("a long section: every chunk keeps the path, only the first has the heading line; no overlap across headings")
    func longSection() throws {
        let body = (1...30).map { "Step \($0) of the installation takes a short while." }.joined(separator: "\n")
        let markdown = "# Guide\n## Setup\n" + body + "\n## Next\nDone."
        let strategy = ChunkStrategy(maxTokens: 200, overlap: 10)
        let chunks = try Chunker(strategy: strategy).chunks(of: markdown, format: .markdown)
        let setup = chunks.filter { $0.headingPath == ["Guide", "Setup"] }
        #expect(setup.count > 3)
        #expect(setup[0].text.hasPrefix("# Guide\n## Setup\nStep 1 of"))
        #expect(setup.dropFirst().allSatisfy { !$0.text.contains("#") })
        #expect(chunks.allSatisfy { $0.text.count <= 200 })
        #expect(chunks.last == Chunk(
            text: "## Next\nDone.", headingPath: ["Guide", "Next"], index: chunks.count - 1,
            characterStart: markdown.count - 13, characterEnd: markdown.count
        ))
        // Inside the section, chunks overlap; the last chunk starts at its heading.
        for (previous, next) in zip(setup, setup.dropFirst()) {
            #expect(previous.characterEnd > next.characterStart)
        }
    }

    @Test("levels: a deeper heading nests, a shallower one pops; skipped levels are fine")
    func levels() throws {
        let markdown = "# A\ntext a\n### C\ntext c\n## B\ntext b\n# D\ntext d\n###### F\ntext f"
        let chunks = try Chunker().chunks(of: markdown, format: .markdown)
        #expect(chunks.map(\.headingPath) == [["A"], ["A", "C"], ["A", "B"], ["D"], ["D", "F"]])
    }

    @Test("a heading with nothing under it is kept as its own chunk")
    func trailingHeading() throws {
        let chunks = try Chunker().chunks(of: "# A\ntext\n# B\n", format: .markdown)
        #expect(chunks.map(\.text) == ["# A\ntext", "# B"])
        #expect(chunks.map(\.headingPath) == [["A"], ["B"]])
    }

    @Test("headings off: Markdown chunks have no path; on: plain text gets paths")
    func switches() throws {
        let markdown = "# A\ntext\n## B\nmore"
        let off = try Chunker(strategy: ChunkStrategy(markdownHeadings: false)).chunks(of: markdown, format: .markdown)
        #expect(off.map(\.headingPath) == [[]])
        #expect(off.map(\.text) == [markdown])
        let plain = try Chunker().chunks(of: markdown, format: .text)
        #expect(plain.map(\.headingPath) == [[]])
        let on = try Chunker(strategy: ChunkStrategy(markdownHeadings: true)).chunks(of: markdown, format: .text)
        #expect(on.map(\.headingPath) == [["A"], ["A", "B"]])
        #expect(on.map(\.text) == ["# A\ntext", "## B\nmore"])
    }

    @Test("HTML headings drive the paths too")
    func html() throws {
        let html = "<html><body><h1>Guide</h1><p>Intro.</p><h2>Install</h2><p>Run it.</p><h2>使用</h2><p>运行。</p></body></html>"
        let document = try TextExtractor.extract(Array(html.utf8), format: .html)
        let chunks = try Chunker().chunks(of: document)
        #expect(chunks.map(\.headingPath) == [["Guide"], ["Guide", "Install"], ["Guide", "使用"]])
        #expect(chunks.map(\.text) == ["# Guide\n\nIntro.", "## Install\n\nRun it.", "## 使用\n\n运行。"])
    }
}
