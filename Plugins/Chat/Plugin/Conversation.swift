import Foundation
import ChatEngine
import SkillKit

/// One `complete` call: the prompt assembled from the session (if any) and the new messages, the
/// answer from the host's model (streamed on to the caller when the call streams), and the turn
/// recorded in the session once the answer is whole.
struct Conversation: Sendable {
    let configuration: ChatConfiguration

    func complete(_ input: JSONValue, context: SkillContext) async throws -> JSONValue {
        let newMessages = try messages(input)
        let sessionID = input["session_id"]?.stringValue
        var system = input["system"]?.stringValue
        var model = input["model"]?.stringValue
        var history: [JSONValue] = []
        var session: JSONValue?
        if let sessionID {
            session = try await context.sessions(["op": "session.ensure", "session_id": .string(sessionID)])
            if system == nil, let own = session?["system"]?.stringValue, !own.isEmpty { system = own }
            if model == nil { model = session?["model"]?.stringValue }
            if configuration.historyMessages > 0 {
                history = try await context.sessions([
                    "op": "message.list", "session_id": .string(sessionID), "limit": .number(Double(configuration.historyMessages)),
                ])["messages"]?.arrayValue ?? []
            }
        }
        let answerTokens = input["max_tokens"]?.intValue.map { min($0, configuration.answerTokens) } ?? configuration.answerTokens
        let window = HistoryWindow(budget: configuration.contextTokens - answerTokens).kept(
            history.map { (role: $0["role"]?.stringValue ?? "user", text: $0["content"]?.stringValue ?? "") },
            fixed: ([system].compactMap { $0 } + newMessages.map { $0["content"]?.stringValue ?? "" })
        )
        let memory = try ChatMemory(input: input, session: session)
        var prompt: [JSONValue] = []
        if let system { prompt.append(["role": "system", "content": .string(system)]) }
        var recall: ChatMemory.Recall?
        if let memory, let query = newMessages.last(where: { $0["role"]?.stringValue == "user" })?["content"]?.stringValue {
            recall = await memory.recall(query, context: context)
            if let recall { prompt.append(recall.message) }
        }
        prompt += history[window].map(Self.modelMessage)
        prompt += newMessages

        var request: [String: JSONValue] = ["messages": .array(prompt), "stream": true]
        for key in ["temperature", "top_p", "max_tokens", "stop", "tools", "tool_choice"] {
            if let value = input[key] { request[key] = value }
        }
        if let model { request["model"] = .string(model) }
        // The host's pieces are already the JSON a caller gets: passed on as they are.
        let answer = try await context.model(.object(request), onPieceBytes: { piece in context.stream(piece) })

        var output = answer.objectValue ?? [:]
        var turn = newMessages
        if let message = answer["message"] { turn.append(message) }
        await memory?.remember(turn, context: context)
        if let sessionID {
            _ = try await context.sessions(["op": "message.append", "session_id": .string(sessionID), "messages": .array(turn)])
            output["session_id"] = .string(sessionID)
        }
        output["history_used"] = .number(Double(window.count))
        if memory != nil { output["memories_used"] = .array(recall?.memories ?? []) }
        return .object(output)
    }

    /// The new messages: `message` as one user message, or `messages` as given (checked).
    private func messages(_ input: JSONValue) throws -> [JSONValue] {
        let messages: [JSONValue]
        if let text = input["message"]?.stringValue {
            messages = [["role": "user", "content": .string(text)]]
        } else if let list = input["messages"]?.arrayValue, !list.isEmpty {
            messages = list
        } else {
            throw SkillError(.invalidInput, "give message (a string) or messages (a list of {role, content})")
        }
        for (index, message) in messages.enumerated() {
            let content = message["content"]?.stringValue ?? ""
            guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || message["tool_calls"] != nil else {
                throw SkillError(.invalidInput, "messages[\(index)].content is empty")
            }
            guard content.count <= configuration.maxMessageCharacters else {
                throw SkillError(.invalidInput, "messages[\(index)].content is longer than \(configuration.maxMessageCharacters) characters (chat_max_message_chars)")
            }
        }
        return messages
    }

    /// A stored message in the shape the model service takes (the store's ids and times left out).
    static func modelMessage(_ stored: JSONValue) -> JSONValue {
        var message: [String: JSONValue] = ["role": stored["role"] ?? "user", "content": stored["content"] ?? ""]
        for key in ["name", "tool_calls", "tool_call_id"] {
            if let value = stored[key] { message[key] = value }
        }
        return .object(message)
    }
}
