import Foundation
import SearchEngine
import Testing

@Suite("Chunk strategy")
struct ChunkStrategyTests {
    private func decode(_ json: String) throws -> ChunkStrategy {
        try JSONDecoder().decode(ChunkStrategy.self, from: Data(json.utf8))
    }

    @Test("decoded from Coze's snake_case fields; missing fields take defaults; unknown ones are ignored")
    func decoding() throws {
        #expect(try decode("{}") == ChunkStrategy())
        let strategy = try decode("""
        {"chunk_type": 1, "separator": "。", "max_tokens": 1000, "overlap": 20,
         "remove_extra_spaces": true, "remove_urls_emails": true, "markdown_headings": false}
        """)
        #expect(strategy == ChunkStrategy(
            separator: "。", maxTokens: 1000, overlap: 20, removeExtraSpaces: true, removeURLsAndEmails: true, markdownHeadings: false
        ))
        #expect(try decode(#"{"markdown_headings": null}"#).markdownHeadings == nil)
    }

    @Test("encoding round-trips with the same keys")
    func encoding() throws {
        let strategy = ChunkStrategy(separator: "\n\n", maxTokens: 500, overlap: 0, removeExtraSpaces: true)
        let data = try JSONEncoder().encode(strategy)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == ["separator", "max_tokens", "overlap", "remove_extra_spaces", "remove_urls_emails"])
        #expect(try JSONDecoder().decode(ChunkStrategy.self, from: data) == strategy)
    }

    @Test("out-of-bounds values are errors naming the field")
    func bounds() {
        #expect(throws: SearchEngineError.invalidStrategy(field: "max_tokens", message: "must be between 100 and 5000 (got 99)")) {
            try decode(#"{"max_tokens": 99}"#)
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "max_tokens", message: "must be between 100 and 5000 (got 5001)")) {
            try decode(#"{"max_tokens": 5001}"#)
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "overlap", message: "must be between 0 and 50 percent (got 51)")) {
            try decode(#"{"overlap": 51}"#)
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "overlap", message: "must be between 0 and 50 percent (got -1)")) {
            try decode(#"{"overlap": -1}"#)
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "separator", message: "must not be empty")) {
            try decode(#"{"separator": ""}"#)
        }
        #expect(throws: Never.self) { try decode(#"{"max_tokens": 100, "overlap": 50}"#) }
        #expect(throws: Never.self) { try decode(#"{"max_tokens": 5000, "overlap": 0}"#) }
        #expect(SearchEngineError.invalidStrategy(field: "overlap", message: "must be between 0 and 50 percent (got 51)").description
            == "chunk_strategy.overlap must be between 0 and 50 percent (got 51)")
    }

    @Test("values of the wrong type are errors naming the field")
    func types() {
        #expect(throws: SearchEngineError.invalidStrategy(field: "max_tokens", message: "must be an integer")) {
            try decode(#"{"max_tokens": "800"}"#)
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "remove_urls_emails", message: "must be a boolean")) {
            try decode(#"{"remove_urls_emails": "yes"}"#)
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "separator", message: "must be a string")) {
            try decode(#"{"separator": 10}"#)
        }
    }

    @Test("the chunker refuses a strategy built in code with bad values")
    func chunkerValidates() {
        #expect(throws: SearchEngineError.invalidStrategy(field: "max_tokens", message: "must be between 100 and 5000 (got 10)")) {
            try Chunker(strategy: ChunkStrategy(maxTokens: 10)).chunks(of: "text")
        }
        #expect(throws: SearchEngineError.invalidStrategy(field: "separator", message: "must not be empty")) {
            try Chunker(strategy: ChunkStrategy(separator: "")).chunks(of: "text")
        }
    }
}
