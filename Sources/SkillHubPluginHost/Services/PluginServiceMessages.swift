import Foundation
import SkillHubCore

/// A call of another skill, as the ABI's `invoke_skill` receives it:
/// `{"skill", "capability", "input", "session_id", "defer"}`. With `defer`
/// (a ``PluginDeferral``) the host stores the call and runs it later.
public struct PluginSkillRequest: Sendable, Codable {
    public var skill: String
    public var capability: String?
    public var input: JSONValue
    public var sessionID: String?
    /// Run later instead of now; nil for an ordinary call.
    public var deferral: PluginDeferral?

    public init(skill: String, capability: String? = nil, input: JSONValue = [:], sessionID: String? = nil, deferral: PluginDeferral? = nil) {
        self.skill = skill
        self.capability = capability
        self.input = input
        self.sessionID = sessionID
        self.deferral = deferral
    }

    private enum CodingKeys: String, CodingKey {
        case skill, capability, input, sessionID = "session_id", deferral = "defer"
    }

    /// - Throws: a `DecodingError` for a missing or mistyped field, a ``PluginCallError``
    ///   (invalid input, naming the field) for a bad `defer`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        skill = try container.decode(String.self, forKey: .skill)
        capability = try container.decodeIfPresent(String.self, forKey: .capability)
        input = try container.decodeIfPresent(JSONValue.self, forKey: .input) ?? [:]
        sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
        deferral = try container.decodeIfPresent(PluginDeferral.self, forKey: .deferral)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(skill, forKey: .skill)
        try container.encodeIfPresent(capability, forKey: .capability)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(sessionID, forKey: .sessionID)
        try container.encodeIfPresent(deferral, forKey: .deferral)
    }
}
