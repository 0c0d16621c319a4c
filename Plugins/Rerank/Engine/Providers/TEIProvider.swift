import SkillHubCore

/// Hugging Face Text Embeddings Inference `/rerank`:
/// request `{"query", "texts": [text], "raw_scores": false, "return_text": false, "truncate": true}`,
/// answer `[{"index", "score"}]` (sigmoid scores, 0…1); `Authorization: Bearer <key>` when a key is set.
/// TEI has no `top_n` and no model choice: it scores every text with the model it serves.
struct TEIProvider: RerankProvider {
    let name = "tei"
    var endpoint: String
    var apiKey: String?
    var call: RemoteCall

    init(configuration: RerankConfiguration, transport: @escaping HostHTTPTransport) throws {
        endpoint = try RemoteCall.endpoint(configuration.apiURL ?? "", defaultPath: "/rerank", key: "rerank_api_url")
        apiKey = configuration.apiKey
        call = RemoteCall(provider: name, transport: transport)
    }

    struct Body: Encodable {
        var query: String
        var texts: [String]
        var rawScores = false
        var returnText = false
        var truncate = true

        enum CodingKeys: String, CodingKey {
            case query, texts, truncate
            case rawScores = "raw_scores"
            case returnText = "return_text"
        }
    }

    struct Rank: Decodable {
        var index: Int
        var score: Double
    }

    func model(for query: RerankQuery) -> String? { nil }

    func score(_ query: RerankQuery) async throws -> [ScoredIndex] {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        let body = Body(query: query.query, texts: query.documents.map(\.text))
        let request = HostHTTPRequest(method: "POST", url: endpoint, headers: headers, body: try RemoteCall.encode(body), timeout: RemoteCall.timeout)
        let ranks = try await call.send(request, expecting: [Rank].self)
        return try call.checked(ranks.map { ScoredIndex(index: $0.index, score: $0.score) }, documentCount: query.documents.count)
    }
}
