import Foundation
import HummingbirdWebSocket
import SkillHubCore

/// The text frames of the chat WebSocket (docs/skills/chat.md, "WebSocket").
///
/// Client to server: plain text (the message), or JSON — `{"type": "message", "content",
/// "session_id"?, "model"?, "system"?}` (`type` may be left out; `message` is taken for
/// `content`), `{"type": "ping"}`, `{"type": "cancel"}`.
///
/// Server to client, JSON: `start`, a `chunk` per piece of the answer, then `complete` — or
/// `cancelled` or `error` — for each message; `pong`; `error` for a frame it could not take.
enum ChatSocketFrames {
    /// What a client's frame asks.
    enum Inbound: Equatable {
        case message(SessionChat.Message)
        case ping
        case cancel
        /// A frame that could not be taken, and why.
        case invalid(String)
    }

    /// Reads a client's frame; `sessionID` is the session of a message that names none.
    static func parse(_ message: WebSocketMessage, sessionID: String) -> Inbound {
        guard case .text(let text) = message else { return .invalid("binary frames are not taken: send text, or JSON text") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .invalid("the message is empty") }
        guard trimmed.hasPrefix("{") else { return .message(SessionChat.Message(sessionID: sessionID, content: text)) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(trimmed.utf8))
        } catch {
            return .invalid("the frame starts with '{' but is not valid JSON: \(error)")
        }
        switch value["type"] {
        case nil, "message"?:
            guard let content = (value["content"] ?? value["message"])?.stringValue, !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .invalid("content must be a non-empty string")
            }
            var message = SessionChat.Message(sessionID: sessionID, content: content)
            if let session = value["session_id"], session != .null {
                guard let id = session.stringValue, (1...128).contains(id.count) else { return .invalid("session_id must be a string of 1 to 128 characters") }
                message.sessionID = id
            }
            for (key, path) in [("model", \SessionChat.Message.model), ("system", \SessionChat.Message.system)] {
                guard let field = value[key], field != .null else { continue }
                guard let string = field.stringValue else { return .invalid("\(key) must be a string") }
                message[keyPath: path] = string
            }
            return .message(message)
        case "ping"?:
            return .ping
        case "cancel"?:
            return .cancel
        case let other?:
            return .invalid("unknown type \(other.stringValue.map { "'\($0)'" } ?? "(not a string)"): expected message, ping or cancel")
        }
    }

    static let pong = text(["type": "pong"])

    static func start(messageID: String, sessionID: String, clientID: String) -> String {
        text(["type": "start", "message_id": .string(messageID), "session_id": .string(sessionID), "client_id": .string(clientID)])
    }

    /// A piece of the answer (`{"delta", …}` from the skill); nil for a piece without text.
    static func chunk(_ piece: [UInt8], messageID: String) -> String? {
        guard let delta = (try? JSONValue(parsing: piece))?["delta"]?.stringValue, !delta.isEmpty else { return nil }
        return text(["type": "chunk", "message_id": .string(messageID), "content": .string(delta)])
    }

    /// The whole answer, from the skill's output.
    static func complete(_ output: JSONValue, messageID: String, sessionID: String) -> String {
        var fields: [String: JSONValue] = [
            "type": "complete", "message_id": .string(messageID), "session_id": .string(sessionID),
            "content": output["message"]?["content"] ?? "", "model": output["model"] ?? .null,
            "finish_reason": output["finish_reason"] ?? "stop",
        ]
        if let usage = output["usage"], usage != .null { fields["usage"] = usage }
        return text(.object(fields))
    }

    static func cancelled(messageID: String) -> String {
        text(["type": "cancelled", "message_id": .string(messageID)])
    }

    /// A failure: `code` a word for it (`invalid_message`, `busy`, or one of the error codes'
    /// names), `error_code` SkillHub's number, `retry_after` (seconds) when worth retrying then.
    static func error(_ error: SkillHubError, code: String? = nil, messageID: String? = nil) -> String {
        var fields: [String: JSONValue] = [
            "type": "error", "code": .string(code ?? name(of: error.code)), "error_code": .number(Double(error.code.rawValue)),
            "message": .string(error.message),
        ]
        if let messageID { fields["message_id"] = .string(messageID) }
        if let seconds = error.retryAfterSeconds { fields["retry_after"] = .number(Double(seconds)) }
        return text(.object(fields))
    }

    /// The word for an error code in error frames.
    static func name(of code: ErrorCode) -> String {
        switch code {
        case .invalidParameter: "invalid_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .skillNotFound: "skill_not_found"
        case .capabilityNotFound: "capability_not_found"
        case .conflict: "conflict"
        case .internalError: "internal_error"
        case .serviceUnavailable: "unavailable"
        case .payloadTooLarge: "too_large"
        case .rateLimited: "rate_limited"
        case .timeout: "timeout"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .badGateway: "bad_gateway"
        case .headersTooLarge: "headers_too_large"
        }
    }

    private static func text(_ value: JSONValue) -> String {
        String(decoding: value.serialized(), as: UTF8.self)
    }
}
