import SkillHubCore

/// A Cohere-shaped rerank endpoint (Cohere `/v1/rerank`, Jina, vLLM, Infinity, …):
/// request `{"model"?, "query", "documents": [text], "top_n", "return_documents": false}`,
/// answer `{"results": [{"index", "relevance_score"}], …}`; `Authorization: Bearer <key>` when a key is set.
struct CohereProvider: RerankProvider {
    let name = "cohere"
    var endpoint: String
    var apiKey: String?
    var defaultModel: String?
    var call: RemoteCall

    init(configuration: RerankConfiguration, transport: @escaping HostHTTPTransport) throws {
        endpoint = try RemoteCall.endpoint(configuration.apiURL ?? "", defaultPath: "/v1/rerank", key: "rerank_api_url")
        apiKey = configuration.apiKey
        defaultModel = configuration.model
        call = RemoteCall(provider: name, transport: transport)
    }

    struct Body: Encodable {
        var model: String?
        var query: String
        var documents: [String]
        var topN: Int
        var returnDocuments = false

        enum CodingKeys: String, CodingKey {
            case model, query, documents
            case topN = "top_n"
            case returnDocuments = "return_documents"
        }
    }

    struct Answer: Decodable {
        struct Result: Decodable {
            var index: Int
            var relevanceScore: Double

            enum CodingKeys: String, CodingKey {
                case index
                case relevanceScore = "relevance_score"
            }
        }

        var results: [Result]
    }

    func model(for query: RerankQuery) -> String? { query.model ?? defaultModel }

    func score(_ query: RerankQuery) async throws -> [ScoredIndex] {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        let body = Body(model: model(for: query), query: query.query, documents: query.documents.map(\.text), topN: query.topN)
        let request = HostHTTPRequest(method: "POST", url: endpoint, headers: headers, body: try RemoteCall.encode(body), timeout: RemoteCall.timeout)
        let answer = try await call.send(request, expecting: Answer.self)
        return try call.checked(answer.results.map { ScoredIndex(index: $0.index, score: $0.relevanceScore) }, documentCount: query.documents.count)
    }
}
