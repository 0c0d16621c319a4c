public import SkillHubCore

/// Coze Studio's HTTP embedding protocol (`EMBEDDING_TYPE=http`): `POST {addr}/embedding {texts, need_sparse}`
/// → `{dense: [[..]], sparse: [..]}`; `GET {addr}/support_status` → `1` (dense) or `3` (dense and sparse).
public struct CozeHTTPEmbeddingProvider: EmbeddingProvider {
    /// What a Coze HTTP embedding service computes (`GET /support_status`).
    public enum SupportStatus: Int, Sendable {
        case dense = 1
        case denseAndSparse = 3
    }

    public let settings: EmbeddingSettings.CozeHTTP
    private let service: RemoteEmbeddingService

    public init(settings: EmbeddingSettings.CozeHTTP, transport: any EmbeddingHTTPTransport, timeout: Duration = .seconds(60)) {
        self.settings = settings
        service = RemoteEmbeddingService(name: "HTTP embedding service", transport: transport, timeout: timeout)
    }

    /// `coze-http`: the protocol does not name its model.
    public var model: String { "coze-http" }
    public var dimensions: Int { settings.dimensions }

    /// Asks the service what it computes; only dense vectors are used.
    public func supportStatus() async throws -> SupportStatus {
        let body = try await service.send("GET", settings.address + "/support_status", headers: [:], body: nil)
        let text = String(String(decoding: body, as: UTF8.self).filter { !$0.isWhitespace })
        guard let number = Int(text), let status = SupportStatus(rawValue: number) else {
            throw EmbeddingError.badAnswer("HTTP embedding service answered a support status of '\(RemoteEmbeddingService.excerpt(body))'; expected 1 or 3")
        }
        return status
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        let body: JSONValue = ["texts": .array(texts.map(JSONValue.string)), "need_sparse": false]
        let answer = try await service.post(
            settings.address + "/embedding", headers: ["Content-Type": "application/json; charset=utf-8"], json: body
        )
        guard let dense = answer["dense"]?.arrayValue else {
            throw EmbeddingError.badAnswer("HTTP embedding service answered without a dense array: \(answer.excerpt)")
        }
        var vectors: [[Float]] = []
        for (index, item) in dense.enumerated() {
            guard let vector = item.floatVector else {
                throw EmbeddingError.badAnswer("HTTP embedding service answered dense[\(index)] that is not an array of numbers")
            }
            vectors.append(vector)
        }
        let checked = try VectorNormalization.checked(vectors, texts: texts.count, dimensions: dimensions, provider: "HTTP embedding service")
        return EmbeddingResult(vectors: checked, promptTokens: 0)
    }
}
