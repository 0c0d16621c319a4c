import Foundation
import SkillHubCore

/// Where a command run through `POST /api/v1/commands/execute` stands.
public enum ExecutionStatus: String, Sendable, Codable {
    case pending, running, completed, failed
}

/// One command execution: what was asked, by whom, and how it ended.
public struct ExecutionRecord: Sendable, Equatable, Encodable {
    public var executionID: UUID
    public var commandID: String?
    public var accountID: String?
    public var requestedBy: String
    public var skillID: UUID
    public var capability: String
    public var status: ExecutionStatus
    public var result: JSONValue?
    /// The error envelope's `{code, message}` when the execution failed.
    public var error: JSONValue?
    public var endpointID: UUID?
    public var callbackURL: String?
    public var callbackStatus: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?

    enum CodingKeys: String, CodingKey {
        case executionID = "execution_id"
        case commandID = "command_id"
        case accountID = "account_id"
        case requestedBy = "requested_by"
        case skillID = "skill_id"
        case capability = "capability_id"
        case status, result, error
        case endpointID = "endpoint_id"
        case callbackURL = "callback_url"
        case callbackStatus = "callback_status"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case completedAt = "completed_at"
    }
}

/// What a new execution records before it runs.
public struct ExecutionDraft: Sendable {
    public var commandID: String?
    public var skillID: UUID
    public var capability: String
    public var parameters: JSONValue
    public var metadata: JSONValue
    public var callbackURL: String?

    public init(commandID: String?, skillID: UUID, capability: String, parameters: JSONValue, metadata: JSONValue, callbackURL: String?) {
        self.commandID = commandID
        self.skillID = skillID
        self.capability = capability
        self.parameters = parameters
        self.metadata = metadata
        self.callbackURL = callbackURL
    }
}
