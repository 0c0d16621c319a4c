import Foundation
import SkillHubWire

/// The extraction step: a prompt that asks a model — small ones too — for the facts in a
/// conversation as JSON, and the check of its answer.
public enum FactExtraction {
    /// The most facts taken from one answer, and the longest fact.
    public static let maximumFacts = 10
    public static let maximumFactCharacters = 1000
    /// The longest fact the model may write (its schema says so; a grammar-bound model cannot loop past it).
    public static let maximumGeneratedCharacters = 200

    /// The distinctive words of the prompt's examples: a fact that names one the user did not say
    /// was copied from the prompt (``FactGrounding`` drops it).
    public static let exampleWords: Set<String> = ["anna", "lyon", "onions", "sam", "nurse", "window", "seats"]

    /// The messages for the model: the instructions (with today's date, for relative times) and
    /// the conversation, one `role: text` line per message.
    public static func prompt(conversation: [(role: String, text: String)], today: Date) -> [JSONValue] {
        let day = ISO8601DateFormatter.string(from: today, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withFullDate])
        let system = """
            You extract facts about the user worth remembering from a conversation, for a personal assistant's long-term memory.
            Answer with JSON only: {"facts": [{"text": "...", "type": "..."}]}.
            - text: one short sentence about the user, in the language the user wrote in, e.g. "Name is Sam", "Works as a nurse", "Prefers window seats".
            - type: "profile" (name, age, job, health, family), "preference" (likes, dislikes, wishes), "entity" (people, pets, places, things), "event" (what happened or will, with its date), or "fact".
            - Only what the user says about themselves or asks to be remembered; not the assistant's suggestions, not greetings, not questions.
            - Resolve relative dates with today's date, \(day).
            - Nothing worth remembering: {"facts": []}.
            Example: "user: Hi, I'm Anna and I moved to Lyon last week. I hate onions." → {"facts": [{"text": "Name is Anna", "type": "profile"}, {"text": "Moved to Lyon in the week before \(day)", "type": "event"}, {"text": "Hates onions", "type": "preference"}]}
            """
        let lines = conversation.map { "\($0.role): \($0.text)" }.joined(separator: "\n")
        return [["role": "system", "content": .string(system)], ["role": "user", "content": .string("Conversation:\n\(lines)\n\nThe facts as JSON:")]]
    }

    /// The structured-output constraint sent with the prompt (OpenAI's `response_format`; a
    /// grammar for llama.cpp, a format for Ollama).
    public static let responseFormat: JSONValue = [
        "type": "json_schema",
        "json_schema": [
            "name": "facts", "strict": true,
            "schema": [
                "type": "object", "required": ["facts"], "additionalProperties": false,
                "properties": [
                    "facts": [
                        "type": "array", "maxItems": .number(Double(maximumFacts)),
                        "items": [
                            "type": "object", "required": ["text", "type"], "additionalProperties": false,
                            "properties": [
                                "text": ["type": "string", "minLength": 1, "maxLength": .number(Double(maximumGeneratedCharacters))],
                                "type": ["type": "string", "enum": .array(MemoryType.allCases.map { .string($0.rawValue) })],
                            ],
                        ],
                    ],
                ],
            ],
        ],
    ]

    /// The facts of an answer: `{"facts": [{"text", "type"} | "text", …]}` (an unknown type is
    /// `fact`; empty, overlong and repeated facts are dropped, and with `grounding`, facts not
    /// grounded in what the user said). Throws when the answer holds no such object: the caller
    /// asks again once.
    public static func facts(in answer: String, grounding: FactGrounding? = nil) throws(MemoryInputError) -> [ExtractedFact] {
        guard let object = ModelJSON.object(in: answer), let items = object["facts"]?.arrayValue else {
            throw MemoryInputError("the model's answer has no {\"facts\": [...]} object")
        }
        var facts: [ExtractedFact] = []
        var seen: Set<String> = []
        for item in items {
            let text = (item["text"]?.stringValue ?? item.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= maximumFactCharacters, grounding?.grounds(text) ?? true,
                  seen.insert(MemoryText.normalized(text)).inserted
            else { continue }
            facts.append(ExtractedFact(text: text, type: item["type"]?.stringValue.flatMap(MemoryType.init(rawValue:)) ?? .fact))
            if facts.count == maximumFacts { break }
        }
        return facts
    }
}

/// Memory texts compared as people read them: case, spacing and final punctuation ignored.
public enum MemoryText {
    public static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .trimmingCharacters(in: CharacterSet(charactersIn: ".。!！?？ "))
    }
}
