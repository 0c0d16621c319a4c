import SearchEngine
import Testing

@Suite("Clean-ups")
struct CleaningTests {
    @Test("URLs and e-mail addresses are removed; offsets still point into the original")
    func urlsAndEmails() throws {
        let text = "Visit https://example.com/a?b=1. Mail john.doe+x@mail.example.co.uk, or see (www.test.org/wiki/Foo_(bar)) now.\nftp://files.example.org/x and mailto:ops@example.com end"
        let chunks = try Chunker(strategy: ChunkStrategy(removeURLsAndEmails: true)).chunks(of: text)
        #expect(chunks.map(\.text) == ["Visit . Mail , or see () now.\n and  end"])
        #expect(chunks[0].characterStart == 0)
        #expect(chunks[0].characterEnd == text.count)
    }

    @Test("Chinese text around URLs and addresses stays")
    func chinese() throws {
        let text = "详情见https://example.com/docs/，或联系admin@example.cn。邮箱格式a@b不算。"
        let chunks = try Chunker(strategy: ChunkStrategy(removeURLsAndEmails: true)).chunks(of: text)
        #expect(chunks.map(\.text) == ["详情见，或联系。邮箱格式a@b不算。"])
    }

    @Test("words that only contain URL-like parts are not touched")
    func notURLs() throws {
        let text = "The www.-prefix, xhttp://no and user@localhost stay; so does 3.14."
        let chunks = try Chunker(strategy: ChunkStrategy(removeURLsAndEmails: true)).chunks(of: text)
        #expect(chunks.map(\.text) == [text])
    }

    @Test("extra spaces: runs of spaces and tabs become one, three or more line breaks two")
    func extraSpaces() throws {
        let text = "a   b\t\tc\n\n\n\nd  \n   e\n \n \n f"
        let chunks = try Chunker(strategy: ChunkStrategy(removeExtraSpaces: true)).chunks(of: text)
        #expect(chunks.map(\.text) == ["a b c\n\nd\ne\n\nf"])
        #expect(chunks[0].characterStart == 0)
        #expect(chunks[0].characterEnd == text.count)
    }

    @Test("without the clean-ups the text is left as it is")
    func untouched() throws {
        let text = "a   b https://example.com x@example.com"
        #expect(try Chunker().chunks(of: text).map(\.text) == [text])
    }
}
