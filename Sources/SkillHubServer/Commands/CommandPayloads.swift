import Foundation
import SkillHubCore

/// The body of `POST /api/v1/commands/execute` (the seed 004 spec shape).
struct CommandBody: Decodable {
    static let keys: Set<String> = ["command_id", "skill_id", "capability_id", "parameters", "metadata", "callback_url", "timeout", "async"]

    var commandID: String?
    /// The skill's id, or its name.
    var skillID: String
    /// The capability's name (optional when the skill has exactly one).
    var capabilityID: String?
    var parameters: JSONValue?
    /// Passed to the endpoint; `metadata.session_id` is the routing key for consistent hashing.
    var metadata: JSONValue?
    var callbackURL: String?
    /// Seconds.
    var timeout: Double?
    /// Run in the background and answer 202 with the execution id; defaults to true when a callback URL is given.
    var async: Bool?

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case skillID = "skill_id"
        case capabilityID = "capability_id"
        case parameters, metadata
        case callbackURL = "callback_url"
        case timeout
        case async
    }

    var runsInBackground: Bool { async ?? (callbackURL != nil) }

    /// Field-level problems; empty when the body is usable.
    func validate() -> [FieldError] {
        var problems: [FieldError] = []
        if let commandID, commandID.isEmpty || commandID.count > 128 {
            problems.append(FieldError(field: "command_id", message: "must be 1 to 128 characters"))
        }
        if skillID.isEmpty { problems.append(FieldError(field: "skill_id", message: "must name a skill")) }
        if let timeout, !(timeout > 0 && timeout <= 600) {
            problems.append(FieldError(field: "timeout", message: "must be more than 0 and at most 600 seconds"))
        }
        if let metadata, metadata.objectValue == nil {
            problems.append(FieldError(field: "metadata", message: "must be an object"))
        }
        if let callbackURL {
            let scheme = URL(string: callbackURL)?.scheme?.lowercased()
            if scheme != "http" && scheme != "https" || URL(string: callbackURL)?.host == nil {
                problems.append(FieldError(field: "callback_url", message: "must be an absolute http or https URL"))
            }
        }
        return problems
    }
}

/// What `POST /api/v1/commands/execute` answers in `data`.
struct CommandAnswer: Encodable {
    var executionID: UUID
    var commandID: String?
    var status: String
    var skillID: UUID
    var capabilityID: String
    var result: JSONValue?
    var endpointID: UUID?
    var latencyMilliseconds: Double?

    enum CodingKeys: String, CodingKey {
        case executionID = "execution_id"
        case commandID = "command_id"
        case status, result
        case skillID = "skill_id"
        case capabilityID = "capability_id"
        case endpointID = "endpoint_id"
        case latencyMilliseconds = "latency_ms"
    }
}
