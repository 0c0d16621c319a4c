import Foundation
import SkillHubCore

/// A call of another skill, as the ABI's `invoke_skill` receives it:
/// `{"skill", "capability", "input", "session_id"}`.
public struct PluginSkillRequest: Sendable, Codable {
    public var skill: String
    public var capability: String?
    public var input: JSONValue
    public var sessionID: String?

    private enum CodingKeys: String, CodingKey {
        case skill, capability, input, sessionID = "session_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        skill = try container.decode(String.self, forKey: .skill)
        capability = try container.decodeIfPresent(String.self, forKey: .capability)
        input = try container.decodeIfPresent(JSONValue.self, forKey: .input) ?? [:]
        sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(skill, forKey: .skill)
        try container.encodeIfPresent(capability, forKey: .capability)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(sessionID, forKey: .sessionID)
    }
}
