import Foundation
import SkillHubCore

/// Endpoints and capabilities as one statement returns them: a JSON array per
/// skill (`json_agg` of the objects these SQL fragments build), timestamps as
/// Unix seconds so no date format has to be agreed.
enum RegistryJSONRows {
    /// A `json_build_object` of an endpoints row aliased `alias`.
    static func endpointObject(_ alias: String) -> String {
        """
        json_build_object('endpoint_id', \(alias).endpoint_id, 'skill_id', \(alias).skill_id, 'url', \(alias).url,
            'protocol', \(alias).protocol, 'weight', \(alias).weight, 'status', \(alias).status, 'ephemeral', \(alias).ephemeral,
            'metadata', \(alias).metadata, 'last_heartbeat', extract(epoch FROM \(alias).last_heartbeat),
            'created_at', extract(epoch FROM \(alias).created_at), 'updated_at', extract(epoch FROM \(alias).updated_at))
        """
    }

    /// A `json_build_object` of a capabilities row aliased `alias`.
    static func capabilityObject(_ alias: String) -> String {
        """
        json_build_object('capability_id', \(alias).capability_id, 'skill_id', \(alias).skill_id, 'name', \(alias).name,
            'description', \(alias).description, 'category', \(alias).category, 'version', \(alias).version, 'status', \(alias).status,
            'parameters', \(alias).parameters, 'streaming', \(alias).streaming, 'idempotent', \(alias).idempotent,
            'created_at', extract(epoch FROM \(alias).created_at), 'updated_at', extract(epoch FROM \(alias).updated_at))
        """
    }

    private static let decoder = JSONValueDecoder()

    private struct Endpoint: Decodable {
        var endpointId: UUID
        var skillId: UUID
        var url: String
        var `protocol`: String
        var weight: Int
        var status: String
        var ephemeral: Bool
        var metadata: [String: JSONValue]?
        var lastHeartbeat: Double?
        var createdAt: Double
        var updatedAt: Double

        enum CodingKeys: String, CodingKey {
            case url, `protocol`, weight, status, ephemeral, metadata
            case endpointId = "endpoint_id", skillId = "skill_id", lastHeartbeat = "last_heartbeat"
            case createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    private struct Capability: Decodable {
        var capabilityId: UUID
        var skillId: UUID
        var name: String
        var description: String
        var category: String
        var version: String
        var status: String
        var parameters: JSONValue?
        var streaming: Bool
        var idempotent: Bool
        var createdAt: Double
        var updatedAt: Double

        enum CodingKeys: String, CodingKey {
            case name, description, category, version, status, parameters, streaming, idempotent
            case capabilityId = "capability_id", skillId = "skill_id", createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    static func endpoints(_ json: String) throws -> [EndpointRecord] {
        try decoder.decode([Endpoint].self, from: Data(json.utf8)).map { row in
            EndpointRecord(
                endpointID: row.endpointId, skillID: row.skillId, url: row.url, protocol: EndpointProtocol(rawValue: row.protocol) ?? .http,
                weight: row.weight, status: EndpointStatus(rawValue: row.status) ?? .unhealthy, ephemeral: row.ephemeral,
                metadata: row.metadata ?? [:], lastHeartbeat: row.lastHeartbeat.map(Date.init(timeIntervalSince1970:)),
                createdAt: Date(timeIntervalSince1970: row.createdAt), updatedAt: Date(timeIntervalSince1970: row.updatedAt)
            )
        }
    }

    static func capabilities(_ json: String) throws -> [CapabilityRecord] {
        try decoder.decode([Capability].self, from: Data(json.utf8)).map { row in
            CapabilityRecord(
                capabilityID: row.capabilityId, skillID: row.skillId, name: row.name, description: row.description,
                category: row.category, version: row.version, status: CapabilityStatus(rawValue: row.status) ?? .disabled,
                parameters: row.parameters ?? [:], streaming: row.streaming, idempotent: row.idempotent,
                createdAt: Date(timeIntervalSince1970: row.createdAt), updatedAt: Date(timeIntervalSince1970: row.updatedAt)
            )
        }
    }
}
