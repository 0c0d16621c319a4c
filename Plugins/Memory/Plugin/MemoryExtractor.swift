import Foundation
import MemoryEngine
import SkillKit

/// Turns messages into memories: facts extracted by a model, reconciled with the nearest
/// memories of the scope (ADD / UPDATE / DELETE / NONE), applied with history. A model answer that
/// is not the JSON asked for is asked again once; a second bad extraction fails the call (its
/// deferred job is retried later, the messages kept in it), a second bad reconciliation falls
/// back to adding what is not already known word for word.
struct MemoryExtractor: Sendable {
    let configuration: MemoryConfiguration
    let records: MemoryRecords
    let context: SkillContext
    /// When the model's work must be done (`add` with `wait: true`): each model call is given the
    /// time left as its `timeout_ms`, and none starts once it has passed (``SkillError/Status/timeout``).
    var deadline: ContinuousClock.Instant?

    /// Extracts, reconciles and applies; the changes made, `[{id, memory, event, previous_memory?}]`.
    func remember(_ messages: [(role: String, text: String)], scope: MemoryScope, metadata: JSONValue?, actor: String) async throws -> [JSONValue] {
        let now = context.now
        let facts = try await extract(messages, now: now)
        guard !facts.isEmpty else { return [] }
        var existing: [(id: String, text: String)] = []
        var offered: Set<String> = []
        for fact in facts {
            for result in try await records.query(fact.text, scope: scope, topK: configuration.similarPerFact) {
                guard let id = result["document_id"]?.stringValue, offered.insert(id).inserted else { continue }
                existing.append((id, result["title"]?.stringValue ?? result["text"]?.stringValue ?? ""))
            }
        }
        let reconciliation = MemoryReconciliation(existing: existing, facts: facts)
        let decisions = existing.isEmpty ? reconciliation.withoutModel : await reconcile(reconciliation)
        var changes: [JSONValue] = []
        for decision in decisions {
            if let change = try await apply(decision, scope: scope, metadata: metadata, actor: actor, now: now) { changes.append(change) }
        }
        return changes
    }

    /// The facts in `messages`, from the model (asked twice at most).
    func extract(_ messages: [(role: String, text: String)], now: Date) async throws -> [ExtractedFact] {
        let prompt = FactExtraction.prompt(conversation: messages, today: now)
        var problem = ""
        for _ in 0..<2 {
            let answer = try await ask(prompt, format: FactExtraction.responseFormat)
            do {
                let said = messages.filter { $0.role == "user" }.map(\.text)
                let (facts, ungrounded) = try FactExtraction.read(answer, grounding: FactGrounding(said: said))
                if !ungrounded.isEmpty {
                    context.log(.info, "memory extraction: \(ungrounded.count) facts not in what the user said, dropped: \(Self.quoted(ungrounded))")
                    context.metric(.counter, "memory_facts_ungrounded", Double(ungrounded.count))
                }
                let statements = SelfStatements.uncovered(in: said, by: facts)
                if !statements.isEmpty {
                    context.log(.info, "memory extraction: \(statements.count) of the user's statements about themselves no fact covers, kept as said: \(Self.quoted(statements.map(\.text)))")
                    context.metric(.counter, "memory_statements_kept", Double(statements.count))
                }
                return Array((facts + statements).prefix(FactExtraction.maximumFacts))
            } catch {
                problem = error.description
                context.log(.warning, "memory extraction: \(problem) (the answer began \(String(decoding: JSONValue.string(String(answer.prefix(120))).serialized(), as: UTF8.self))); asking again")
            }
        }
        throw SkillError(.unavailable, "the model did not answer the extraction with usable JSON twice (\(problem)); the messages are kept for a later try")
    }

    private static func quoted(_ texts: [String]) -> String {
        String(decoding: JSONValue.array(texts.map(JSONValue.string)).serialized(), as: UTF8.self)
    }

    private func reconcile(_ reconciliation: MemoryReconciliation) async -> [MemoryDecision] {
        for _ in 0..<2 {
            do {
                let answer = try await ask(reconciliation.prompt, format: MemoryReconciliation.responseFormat)
                let (decisions, refused, unmentioned) = try reconciliation.decisions(in: answer)
                if refused > 0 { context.log(.warning, "memory reconciliation: \(refused) decisions refused (unknown ids or events)") }
                if unmentioned > 0 { context.log(.info, "memory reconciliation: \(unmentioned) facts the model did not decide on, added") }
                context.metric(.counter, "memory_decisions_refused", Double(refused))
                context.metric(.counter, "memory_facts_unmentioned", Double(unmentioned))
                return decisions
            } catch let error as MemoryInputError {
                context.log(.warning, "memory reconciliation: \(error.description)")
            } catch {
                context.log(.warning, "memory reconciliation failed: \(error); adding what is new word for word")
                break
            }
        }
        return reconciliation.withoutModel
    }

    private func ask(_ messages: [JSONValue], format: JSONValue) async throws -> String {
        var request: [String: JSONValue] = [
            // Streamed: a slow model's first token comes long before its whole answer would.
            "messages": .array(messages), "temperature": 0, "max_tokens": 768, "response_format": format, "stream": true,
        ]
        if let model = configuration.model { request["model"] = .string(model) } else { request["task"] = "MEM" }
        if let deadline {
            let milliseconds = Int((deadline - .now).inMilliseconds)
            guard milliseconds >= 1 else { throw SkillError(.timeout, "no time left for the model before the call's deadline") }
            request["timeout_ms"] = .number(Double(milliseconds))
        }
        let answer = try await context.model(.object(request))
        return answer["message"]?["content"]?.stringValue ?? ""
    }

    private func apply(_ decision: MemoryDecision, scope: MemoryScope, metadata: JSONValue?, actor: String, now: Date) async throws -> JSONValue? {
        switch decision.event {
        case .add:
            guard let text = decision.text else { return nil }
            return try await add(text, type: decision.type, scope: scope, metadata: metadata, expiration: nil, actor: actor, now: now)
        case .update:
            guard let id = decision.memoryID, let text = decision.text, let document = try? await records.document(id) else { return nil }
            let old = document["title"]?.stringValue
            guard old.map(MemoryText.normalized) != MemoryText.normalized(text) else { return nil }
            let updated = try await records.change(document, text: text, event: "UPDATE", actor: actor, now: now)
            return ["id": updated["document_id"] ?? .null, "memory": .string(text), "event": "UPDATE", "previous_memory": old.map(JSONValue.string) ?? .null]
        case .delete:
            guard let id = decision.memoryID, let document = try? await records.document(id) else { return nil }
            _ = try await records.change(document, state: "deleted", event: "DELETE", actor: actor, now: now)
            return ["id": .string(id), "memory": document["title"] ?? "", "event": "DELETE"]
        case .none:
            return nil
        }
    }

    /// Adds a memory; one already kept word for word is answered instead (brought back when it
    /// was archived or deleted). Nil when it was there already.
    func add(
        _ text: String, type: MemoryType, scope: MemoryScope, metadata: JSONValue?, expiration: String?, actor: String, now: Date
    ) async throws -> JSONValue? {
        let (document, duplicate) = try await records.add(
            text: text, type: type, scope: scope, metadata: metadata, expiration: expiration, actor: actor, now: now
        )
        if duplicate {
            guard document["metadata"]?["state"]?.stringValue != "active" else { return nil }
            _ = try await records.change(document, state: "active", event: "ADD", actor: actor, now: now)
        }
        return ["id": document["document_id"] ?? .null, "memory": .string(text), "event": "ADD"]
    }
}
