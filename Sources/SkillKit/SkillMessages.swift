import Foundation

/// One call to a skill: the capability asked for and its input (JSON).
public struct SkillRequest: Sendable {
    public var capability: String
    public var input: [UInt8]

    public init(capability: String, input: [UInt8]) {
        self.capability = capability
        self.input = input
    }

    /// The input decoded as `type`; a decoding failure is the caller's fault (invalid input).
    public func decode<Input: Decodable>(_ type: Input.Type) throws -> Input {
        do {
            return try JSONDecoder().decode(type, from: Data(input))
        } catch {
            throw SkillError(.invalidInput, "the input does not match \(Input.self): \(error)")
        }
    }
}

/// A skill's answer (JSON bytes).
public struct SkillResponse: Sendable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `value` encoded as JSON.
    public init(json value: some Encodable) throws {
        bytes = Array(try JSONEncoder().encode(value))
    }
}

/// A failure with the status the caller sees (the ABI's `skh_status`).
public struct SkillError: Error, Sendable, CustomStringConvertible {
    public enum Status: UInt32, Sendable {
        case invalidInput = 1
        case unknownCapability = 2
        case unavailable = 3
        case timeout = 4
        case cancelled = 5
        case unsupported = 6
        case `internal` = 7
        /// What the call names does not exist (a collection, a document): the client gets 404 (1012).
        case notFound = 9
        /// The call conflicts with what exists (a name already taken): the client gets 409 (1006).
        case conflict = 10
    }

    public var status: Status
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func unknownCapability(_ name: String) -> SkillError {
        SkillError(.unknownCapability, "no capability '\(name)'")
    }

    public var description: String { message }
}
