import Foundation
import Hummingbird
import SkillHubCore

extension SkillHubRequestContext {
    /// The `skill_id` path parameter; a value that is no UUID names no skill (404).
    func skillID() throws -> UUID {
        let text = try parameters.require("skill_id")
        guard let id = UUID(uuidString: text) else { throw SkillHubError(.skillNotFound, "skill '\(text)' not found") }
        return id
    }

    /// The `endpoint_id` path parameter; a value that is no UUID names no endpoint (404).
    func endpointID() throws -> UUID {
        let text = try parameters.require("endpoint_id")
        guard let id = UUID(uuidString: text) else { throw SkillHubError(.notFound, "endpoint '\(text)' not found") }
        return id
    }
}
