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

    /// The longest other-than-user message shown to the model whole.
    public static let maximumAssistantCharacters = 160

    /// The distinctive words of the prompt's examples: a fact that names one the user did not say
    /// was copied from the prompt (``FactGrounding`` drops it).
    public static let exampleWords: Set<String> = ["anna", "lyon", "onions", "sam", "nurse", "window", "seats"]

    /// The messages for the model: the instructions (with today's date, for relative times) and
    /// the conversation, one `role: text` line per message (other roles' texts cut at
    /// ``maximumAssistantCharacters``).
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
        // The assistant's turns give context, cut short: a small model copies long ones as facts.
        let lines = conversation.map { message in
            let text = message.role == "user" || message.text.count <= maximumAssistantCharacters
                ? message.text : message.text.prefix(maximumAssistantCharacters) + "…"
            return "\(message.role): \(text)"
        }.joined(separator: "\n")
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
    /// `fact`; empty, overlong and repeated facts are dropped, and with `grounding`, loops,
    /// questions and facts not grounded in what the user said). Throws when the answer holds no such object: the caller
    /// asks again once.
    public static func facts(in answer: String, grounding: FactGrounding? = nil) throws(MemoryInputError) -> [ExtractedFact] {
        try read(answer, grounding: grounding).facts
    }

    /// ``facts(in:grounding:)`` and the texts `grounding` refused, for the log.
    public static func read(_ answer: String, grounding: FactGrounding?) throws(MemoryInputError) -> (facts: [ExtractedFact], ungrounded: [String]) {
        guard let object = ModelJSON.object(in: answer), let items = object["facts"]?.arrayValue else {
            throw MemoryInputError("the model's answer has no {\"facts\": [...]} object")
        }
        var facts: [ExtractedFact] = []
        var ungrounded: [String] = []
        var seen: Set<String> = []
        for item in items {
            let text = (item["text"]?.stringValue ?? item.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= maximumFactCharacters, seen.insert(MemoryText.normalized(text)).inserted else { continue }
            // A loop is judged whole: each of its sentences may look grounded on its own. A question
            // ("告诉？") states nothing, and would hide the user's sentence it was cut from.
            if grounding != nil, FactGrounding.isRepetitive(text) || text.hasSuffix("?") || text.hasSuffix("？") {
                ungrounded.append(text)
                continue
            }
            // Sentence by sentence: a model that goes on after the user's fact ("I'm Li. I'm a vegan.") keeps the fact only.
            let sentences = MemoryText.sentences(text)
            let grounded = grounding.map { sentences.filter($0.grounds) } ?? sentences
            ungrounded += sentences.filter { !grounded.contains($0) && !ungrounded.contains($0) }
            guard !grounded.isEmpty else { continue }
            let kept = grounded.count == sentences.count ? text : MemoryText.joined(grounded)
            guard kept == text || seen.insert(MemoryText.normalized(kept)).inserted else { continue }
            facts.append(ExtractedFact(text: kept, type: item["type"]?.stringValue.flatMap(MemoryType.init(rawValue:)) ?? .fact))
            if facts.count == maximumFacts { break }
        }
        return (facts, ungrounded)
    }
}

/// Memory texts as people read them.
public enum MemoryText {
    /// The text compared: case, spacing and final punctuation ignored.
    public static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .trimmingCharacters(in: CharacterSet(charactersIn: ".。!！?？ "))
    }

    /// The text's sentences, cut after `.`, `!`, `?`, `;`, a line break and their CJK forms.
    public static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if "。！？；.!?;\n".contains(character) {
                sentences.append(current)
                current = ""
            }
        }
        sentences.append(current)
        return sentences.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Sentences put together again: a space after a Latin full stop, none after a CJK one.
    public static func joined(_ sentences: [String]) -> String {
        sentences.reduce("") { text, sentence in
            guard let last = text.last else { return sentence }
            return text + ("。！？；".contains(last) ? "" : " ") + sentence
        }
    }
}
