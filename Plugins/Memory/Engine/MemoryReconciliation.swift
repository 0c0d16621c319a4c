import SkillHubWire

/// What to do with a new fact, given the nearest memories already kept: mem0's decision.
public enum MemoryEvent: String, Sendable, CaseIterable {
    case add = "ADD"
    case update = "UPDATE"
    case delete = "DELETE"
    case none = "NONE"
}

/// One decision of reconciliation, its ids the store's own again.
public struct MemoryDecision: Sendable, Equatable {
    public var event: MemoryEvent
    /// The memory updated, deleted or confirmed (nil for `add`).
    public var memoryID: String?
    /// The new text (`add`, `update`).
    public var text: String?
    public var type: MemoryType

    public init(event: MemoryEvent, memoryID: String?, text: String?, type: MemoryType) {
        self.event = event
        self.memoryID = memoryID
        self.text = text
        self.type = type
    }
}

/// The reconciliation step: new facts against the nearest existing memories, ADD / UPDATE /
/// DELETE / NONE decided by a model. The memories are shown to the model under small integer ids
/// (as mem0 does: models copy "3" faithfully, UUIDs less so), and its answer is never trusted
/// blindly: an id that was not offered is refused.
public struct MemoryReconciliation: Sendable {
    /// The existing memories offered: (the store's id, text), shown as "0", "1", ….
    public let existing: [(id: String, text: String)]
    public let facts: [ExtractedFact]

    /// What an ADD's text must be grounded in: the new facts.
    private let factGrounding: FactGrounding

    public init(existing: [(id: String, text: String)], facts: [ExtractedFact]) {
        self.existing = existing
        self.facts = facts
        factGrounding = FactGrounding(said: facts.map(\.text), exampleWords: Self.exampleWords)
    }

    /// The messages for the model.
    public var prompt: [JSONValue] {
        let system = """
            You keep a user's long-term memory up to date. Compare the new facts with the existing memories and decide, for each new fact:
            - ADD: new information. id "", text: the fact.
            - UPDATE: an existing memory about the same thing has changed or gets more detail. id: that memory's id, text: the merged, up-to-date memory.
            - DELETE: the fact says an existing memory is no longer true and has nothing to replace it. id: that memory's id.
            - NONE: the fact is already known. id: the memory that holds it.
            Use only the ids of the existing memories listed. Answer with JSON only: {"memory": [{"id": "...", "text": "...", "event": "ADD|UPDATE|DELETE|NONE"}]}.
            Example: existing [{"id": "0", "text": "Lives in Paris"}], new facts ["Moved to Berlin", "Likes jazz"] → {"memory": [{"id": "0", "text": "Lives in Berlin (moved from Paris)", "event": "UPDATE"}, {"id": "", "text": "Likes jazz", "event": "ADD"}]}
            """
        let memories = JSONValue.array(existing.enumerated().map { index, memory in ["id": .string(String(index)), "text": .string(memory.text)] })
        let newFacts = JSONValue.array(facts.map { .string($0.text) })
        let user = "Existing memories: \(String(decoding: memories.serialized(), as: UTF8.self))\nNew facts: \(String(decoding: newFacts.serialized(), as: UTF8.self))\n\nThe decisions as JSON:"
        return [["role": "system", "content": .string(system)], ["role": "user", "content": .string(user)]]
    }

    /// The structured-output constraint sent with the prompt.
    public static let responseFormat: JSONValue = [
        "type": "json_schema",
        "json_schema": [
            "name": "memory", "strict": true,
            "schema": [
                "type": "object", "required": ["memory"], "additionalProperties": false,
                "properties": [
                    "memory": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["id", "text", "event"], "additionalProperties": false,
                            "properties": [
                                "id": ["type": "string"], "text": ["type": "string"],
                                "event": ["type": "string", "enum": .array(MemoryEvent.allCases.map { .string($0.rawValue) })],
                            ],
                        ],
                    ],
                ],
            ],
        ],
    ]

    /// The decisions of an answer, checked: each event known, UPDATE, DELETE and NONE naming an
    /// offered memory (others refused, counted in `refused`), ADD and UPDATE with a text grounded
    /// in the new facts (an UPDATE's also in the memory it updates), one decision per memory. A
    /// fact that no accepted decision speaks of (small models answer for the first fact only, or
    /// not at all) is added unless a memory holds it word for word;
    /// `unmentioned` counts them. Throws when the answer holds no `{"memory": [...]}` object.
    public func decisions(in answer: String) throws(MemoryInputError) -> (decisions: [MemoryDecision], refused: Int, unmentioned: Int) {
        guard let object = ModelJSON.object(in: answer), let items = object["memory"]?.arrayValue else {
            throw MemoryInputError("the model's answer has no {\"memory\": [...]} object")
        }
        var decisions: [MemoryDecision] = []
        var refused = 0
        var decided: Set<String> = []
        var added: Set<String> = []
        for item in items {
            guard let event = item["event"]?.stringValue.flatMap({ MemoryEvent(rawValue: $0.uppercased()) }) else {
                refused += 1
                continue
            }
            let text = item["text"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
            let usableText = text.flatMap { !$0.isEmpty && $0.count <= FactExtraction.maximumFactCharacters ? $0 : nil }
            let type = usableText.flatMap(type(of:)) ?? .fact
            if event == .add {
                guard let usableText, grounded(usableText, updating: nil) else {
                    refused += 1
                    continue
                }
                guard added.insert(MemoryText.normalized(usableText)).inserted else { continue }
                decisions.append(MemoryDecision(event: .add, memoryID: nil, text: usableText, type: type))
                continue
            }
            let offered = (item["id"]?.stringValue ?? item["id"]?.intValue.map(String.init)).flatMap(Int.init).flatMap { existing.indices.contains($0) ? $0 : nil }
            guard let offered, decided.insert(existing[offered].id).inserted else {
                refused += 1
                continue
            }
            if event == .update {
                guard let usableText, grounded(usableText, updating: existing[offered].text) else {
                    refused += 1
                    continue
                }
                decisions.append(MemoryDecision(event: .update, memoryID: existing[offered].id, text: usableText, type: type))
            } else {
                decisions.append(MemoryDecision(event: event, memoryID: existing[offered].id, text: nil, type: .fact))
            }
        }
        let unmentioned = self.unmentioned(by: decisions, added: &added)
        return (superseding(decisions + unmentioned), refused, unmentioned.count)
    }

    /// Whether a decision's text comes from the new facts (and, for an update, the memory it
    /// updates): small models answer with the prompt's example ("Lives in Paris") or with another
    /// memory's text, which must not overwrite what the user said.
    private func grounded(_ text: String, updating memory: String?) -> Bool {
        guard let memory else { return factGrounding.grounds(text) }
        return FactGrounding(said: facts.map(\.text) + [memory], exampleWords: Self.exampleWords).grounds(text)
    }

    /// The distinctive words of the prompt's example.
    static let exampleWords: Set<String> = ["paris", "berlin", "jazz"]

    /// ADD decisions for the facts `decisions` do not speak of: none of their texts, nor the
    /// memories they name, holds half of the fact's words. Facts kept word for word are left out.
    private func unmentioned(by decisions: [MemoryDecision], added: inout Set<String>) -> [MemoryDecision] {
        let texts = existing.reduce(into: [String: String]()) { $0[$1.id] = $1.text }
        let mentioned = FactGrounding(said: decisions.flatMap { [$0.text, $0.memoryID.flatMap { texts[$0] }].compactMap(\.self) }, exampleWords: [])
        let known = Set(existing.map { MemoryText.normalized($0.text) })
        return facts.compactMap { fact in
            let key = MemoryText.normalized(fact.text)
            guard !mentioned.grounds(fact.text), !known.contains(key), added.insert(key).inserted else { return nil }
            return MemoryDecision(event: .add, memoryID: nil, text: fact.text, type: fact.type)
        }
    }

    /// Decisions without a model (none configured, or its answers unusable twice): a fact whose
    /// text an existing memory already has is NONE, any other is ADD; then what the facts make
    /// stale (``superseding(_:)``).
    public var withoutModel: [MemoryDecision] {
        let known = Dictionary(existing.map { (MemoryText.normalized($0.text), $0.id) }, uniquingKeysWith: { first, _ in first })
        var added: Set<String> = []
        return superseding(facts.compactMap { fact in
            let key = MemoryText.normalized(fact.text)
            if let id = known[key] { return MemoryDecision(event: .none, memoryID: id, text: nil, type: fact.type) }
            guard added.insert(key).inserted else { return nil }
            return MemoryDecision(event: .add, memoryID: nil, text: fact.text, type: fact.type)
        })
    }

    /// The type extraction gave a fact of this text (an update keeps its fact's type).
    private func type(of text: String) -> MemoryType? {
        facts.first { MemoryText.normalized($0.text) == MemoryText.normalized(text) }?.type
    }
}
