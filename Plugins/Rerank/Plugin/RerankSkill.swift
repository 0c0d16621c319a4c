import RerankEngine
import SkillHubCore
import SkillKit

/// `rerank`: reorders candidate documents for a query (BM25 in process, or a Cohere-shaped,
/// TEI or VikingDB reranker, by `rerank_type`) and fuses ranked lists with reciprocal rank
/// fusion. The work is done by `RerankEngine`; this is its SkillKit wrapping.
struct RerankSkill: Skill {
    static let descriptor = SkillDescriptor(
        name: "rerank",
        version: "1.0.0",
        description: "Reorders candidates for a query (local BM25, Cohere/Jina-shaped HTTP, TEI, VikingDB) and fuses ranked lists (RRF)",
        capabilities: [
            .init(
                name: "rerank",
                description: "orders documents by relevance to a query: {results: [{index, relevance_score, id?, document?}]}",
                category: "retrieval",
                parameters: RerankSchemas.rerank
            ),
            .init(
                name: "fuse",
                description: "fuses ranked lists with reciprocal rank fusion: {k, results: [{id, score, ranks, item?}]}",
                category: "retrieval",
                parameters: RerankSchemas.fuse
            ),
        ],
        services: ["http"],
        defaultConfig: RerankConfiguration.defaults
    )

    let engine: RerankEngine

    init(context: SkillContext) async throws {
        let transport = HostTransport(context: context)
        do {
            engine = try RerankEngine(configuration: context.configuration, transport: { try await transport.send($0) })
        } catch let error as RerankError {
            throw SkillError(error)
        }
        context.log(.info, "rerank ready (rerank_type \(engine.configuration.kind.rawValue))")
    }

    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
        do {
            switch request.capability {
            case "rerank":
                return try SkillResponse(json: try await engine.rerank(json: request.input))
            case "fuse":
                return try SkillResponse(json: try engine.fuse(json: request.input))
            default:
                throw SkillError.unknownCapability(request.capability)
            }
        } catch let error as RerankError {
            throw SkillError(error)
        }
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(RerankSkill.self)
}
