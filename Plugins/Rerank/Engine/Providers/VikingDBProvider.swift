import SkillHubCore
import Foundation
import VolcengineSigning

/// Volcengine VikingDB knowledge-base rerank, `POST https://<host>/api/knowledge/service/rerank`,
/// signed with AK/SK (``VolcengineSigner``, service `air`):
/// request `{"rerank_model", "datas": [{"query", "content", "title"?}]}`,
/// answer `{"code": 0, "message", "request_id", "data": {"scores": [one per data, in order], "token_usage"}}`.
struct VikingDBProvider: RerankProvider {
    let name = "vikingdb"
    var endpoint: URL
    var signer: VolcengineSigner
    var defaultModel: String
    var clock: @Sendable () -> Date
    var call: RemoteCall

    static let path = "/api/knowledge/service/rerank"
    static let service = "air"

    init(configuration: RerankConfiguration, transport: @escaping HostHTTPTransport, clock: @escaping @Sendable () -> Date) throws {
        let host = configuration.vikingDBHost
        let base = host.contains("://") ? host : "https://\(host)"
        let endpoint = try RemoteCall.endpoint(base, defaultPath: Self.path, key: "vikingdb_rerank_host")
        guard let url = URL(string: endpoint) else {
            throw RerankError.invalidConfiguration("vikingdb_rerank_host \"\(host)\" does not make a URL")
        }
        self.endpoint = url
        signer = VolcengineSigner(
            accessKey: configuration.vikingDBAccessKey ?? "", secretKey: configuration.vikingDBSecretKey ?? "",
            region: configuration.vikingDBRegion, service: Self.service
        )
        defaultModel = configuration.vikingDBModel
        self.clock = clock
        call = RemoteCall(provider: name, transport: transport)
    }

    struct Body: Encodable {
        struct Pair: Encodable {
            var query: String
            var content: String
            var title: String?
        }

        var rerankModel: String
        var datas: [Pair]

        enum CodingKeys: String, CodingKey {
            case datas
            case rerankModel = "rerank_model"
        }
    }

    struct Answer: Decodable {
        struct Scores: Decodable {
            var scores: [Double]
        }

        var code: Int
        var message: String?
        var data: Scores?
    }

    func model(for query: RerankQuery) -> String? { query.model ?? defaultModel }

    func score(_ query: RerankQuery) async throws -> [ScoredIndex] {
        let body = Body(
            rerankModel: query.model ?? defaultModel,
            datas: query.documents.map { Body.Pair(query: query.query, content: $0.text, title: $0.title) }
        )
        let bytes = try RemoteCall.encode(body)
        let headers = signer.sign(
            method: "POST", url: endpoint,
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: bytes, date: clock()
        )
        let request = HostHTTPRequest(method: "POST", url: endpoint.absoluteString, headers: headers, body: bytes, timeout: RemoteCall.timeout)
        let answer = try await call.send(request, expecting: Answer.self)
        guard answer.code == 0, let scores = answer.data?.scores else {
            throw RerankError.providerFailed(provider: name, message: "code \(answer.code): \(answer.message ?? "no message")")
        }
        guard scores.count == query.documents.count else {
            throw RerankError.providerFailed(provider: name, message: "answered \(scores.count) scores for \(query.documents.count) documents")
        }
        return try call.checked(scores.enumerated().map { ScoredIndex(index: $0, score: $1) }, documentCount: query.documents.count)
    }
}
