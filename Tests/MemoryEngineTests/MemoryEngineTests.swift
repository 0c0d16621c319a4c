import Foundation
import MemoryEngine
import SkillHubWire
import Testing

@Suite("Hotness and decay")
struct HotnessTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("hotness halves every half-life and grows with use")
    func halfLifeAndUse() {
        let hotness = Hotness(halfLifeDays: 7)
        let fresh = hotness.score(accessCount: 0, lastUsed: now, now: now)
        #expect(abs(fresh - 0.5) < 1e-9)
        let weekOld = hotness.score(accessCount: 0, lastUsed: now.addingTimeInterval(-7 * 86_400), now: now)
        #expect(abs(weekOld - 0.25) < 1e-9)
        #expect(hotness.score(accessCount: 10, lastUsed: now, now: now) > hotness.score(accessCount: 1, lastUsed: now, now: now))
        // A use in the future (clock skew between instances) counts as now.
        #expect(hotness.score(accessCount: 0, lastUsed: now.addingTimeInterval(3600), now: now) == fresh)
    }

    @Test("scores blend relevance with hotness; off, relevance alone; cold memories are archived")
    func blendAndArchive() {
        let on = MemoryDecayPolicy(enabled: true, halfLifeDays: 7, hotnessWeight: 0.2, archiveThreshold: 0.05)
        #expect(abs(on.score(relevance: 1, hotness: 0.5) - 0.9) < 1e-9)
        let off = MemoryDecayPolicy(enabled: false, halfLifeDays: 7, hotnessWeight: 0.2, archiveThreshold: 0.05)
        #expect(off.score(relevance: 0.7, hotness: 0) == 0.7)
        let monthOld = on.hotness.score(accessCount: 0, lastUsed: now.addingTimeInterval(-30 * 86_400), now: now)
        #expect(on.archives(hotness: monthOld))
        #expect(!on.archives(hotness: on.hotness.score(accessCount: 0, lastUsed: now, now: now)))
        #expect(!off.archives(hotness: monthOld))
    }
}

@Suite("Extraction and reconciliation answers")
struct ModelAnswerTests {
    @Test("the JSON object is found in fenced or chatty answers; none is an error")
    func jsonInAnswers() throws {
        #expect(ModelJSON.object(in: "```json\n{\"facts\": []}\n```")?["facts"] == .array([]))
        #expect(ModelJSON.object(in: "Sure! {\"a\": \"}{\"} and more") == ["a": "}{"])
        #expect(ModelJSON.object(in: "{broken {\"ok\": 1}")?["ok"] == 1)
        #expect(ModelJSON.object(in: "no json here") == nil)
        #expect(throws: MemoryInputError.self) { try FactExtraction.facts(in: "I cannot help with that") }
    }

    @Test("facts are typed, deduplicated and bounded; strings are facts too")
    func facts() throws {
        let answer = #"{"facts": [{"text": "Name is Li", "type": "profile"}, {"text": "name is li.", "type": "profile"}, "Is allergic to peanuts", {"text": "", "type": "fact"}, {"text": "Likes tea", "type": "mood"}]}"#
        let facts = try FactExtraction.facts(in: answer)
        #expect(facts == [
            ExtractedFact(text: "Name is Li", type: .profile), ExtractedFact(text: "Is allergic to peanuts", type: .fact),
            ExtractedFact(text: "Likes tea", type: .fact),
        ])
        let many = "{\"facts\": [" + (0..<50).map { "\"fact \($0)\"" }.joined(separator: ",") + "]}"
        #expect(try FactExtraction.facts(in: many).count == FactExtraction.maximumFacts)
    }

    @Test("the prompt carries the conversation and today's date")
    func prompt() {
        let messages = FactExtraction.prompt(conversation: [("user", "我叫李雷")], today: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(messages.count == 2)
        #expect(messages[0]["content"]?.stringValue?.contains("2027-01-15") == true)
        #expect(messages[1]["content"]?.stringValue?.contains("user: 我叫李雷") == true)
    }

    @Test("ids are shown as small integers and mapped back; ids not offered are refused")
    func reconciliation() throws {
        let reconciliation = MemoryReconciliation(
            existing: [("uuid-a", "Lives in Paris"), ("uuid-b", "Likes jazz")],
            facts: [ExtractedFact(text: "Lives in Berlin", type: .profile), ExtractedFact(text: "Has a cat", type: .entity)]
        )
        let user = reconciliation.prompt[1]["content"]?.stringValue ?? ""
        #expect(user.contains(#"{"id":"0","text":"Lives in Paris"}"#) || user.contains(#""id":"0""#))
        #expect(!user.contains("uuid-a"))
        let answer = #"""
            {"memory": [
              {"id": "0", "text": "Lives in Berlin", "event": "UPDATE"},
              {"id": "", "text": "Has a cat", "event": "ADD"},
              {"id": "7", "text": "", "event": "DELETE"},
              {"id": "uuid-b", "text": "", "event": "DELETE"},
              {"id": "1", "text": "", "event": "NONE"},
              {"id": "0", "text": "Lives in Rome", "event": "UPDATE"},
              {"id": "", "text": "x", "event": "FORGET"}
            ]}
            """#
        let (decisions, refused, unmentioned) = try reconciliation.decisions(in: answer)
        #expect(decisions == [
            MemoryDecision(event: .update, memoryID: "uuid-a", text: "Lives in Berlin", type: .profile),
            MemoryDecision(event: .add, memoryID: nil, text: "Has a cat", type: .entity),
            MemoryDecision(event: .none, memoryID: "uuid-b", text: nil, type: .fact),
        ])
        // "7" and "uuid-b" were not offered, the second decision on memory 0 and the unknown event are refused.
        #expect(refused == 4)
        #expect(unmentioned == 0)
        #expect(throws: MemoryInputError.self) { try reconciliation.decisions(in: "{\"facts\": []}") }
    }

    @Test("facts no accepted decision speaks of are added, unless kept word for word")
    func unmentionedFacts() throws {
        let reconciliation = MemoryReconciliation(
            existing: [("m1", "Lives in Paris"), ("m2", "Likes jazz")],
            facts: [
                ExtractedFact(text: "Moved to Berlin from Paris", type: .event), ExtractedFact(text: "Has a cat named Tom", type: .entity),
                ExtractedFact(text: "Likes jazz", type: .preference), ExtractedFact(text: "Works as a nurse", type: .profile),
            ]
        )
        // A small model's usual answer: one decision, about the first fact, and one refused.
        let answer = #"{"memory": [{"id": "0", "text": "Lives in Berlin (moved from Paris)", "event": "UPDATE"}, {"id": "9", "text": "", "event": "NONE"}]}"#
        let (decisions, refused, unmentioned) = try reconciliation.decisions(in: answer)
        #expect(decisions == [
            MemoryDecision(event: .update, memoryID: "m1", text: "Lives in Berlin (moved from Paris)", type: .fact),
            MemoryDecision(event: .add, memoryID: nil, text: "Has a cat named Tom", type: .entity),
            MemoryDecision(event: .add, memoryID: nil, text: "Works as a nurse", type: .profile),
        ])
        #expect(refused == 1)
        #expect(unmentioned == 2)
        // No decisions at all: every fact not already kept is added.
        let empty = try reconciliation.decisions(in: #"{"memory": []}"#)
        #expect(empty.decisions.compactMap(\.text) == ["Moved to Berlin from Paris", "Has a cat named Tom", "Works as a nurse"])
        // The move is no new memory but the update of the stale one (``Supersession``).
        #expect(empty.decisions.first == MemoryDecision(event: .update, memoryID: "m1", text: "Moved to Berlin from Paris", type: .event))
    }

    @Test("without a model, what is known word for word is NONE and the rest ADD")
    func withoutModel() {
        let reconciliation = MemoryReconciliation(
            existing: [("m1", "Likes jazz.")],
            facts: [ExtractedFact(text: "likes  JAZZ", type: .preference), ExtractedFact(text: "Has a cat", type: .entity)]
        )
        #expect(reconciliation.withoutModel == [
            MemoryDecision(event: .none, memoryID: "m1", text: nil, type: .preference),
            MemoryDecision(event: .add, memoryID: nil, text: "Has a cat", type: .entity),
        ])
    }

    @Test("a scope needs an id; ids are bounded; run_id is the session")
    func scopes() throws {
        #expect(throws: MemoryInputError.self) { try MemoryScope([:], required: true) }
        #expect(throws: MemoryInputError.self) { try MemoryScope(["user_id": .string(String(repeating: "x", count: 300))], required: true) }
        #expect(throws: MemoryInputError.self) { try MemoryScope(["user_id": 5], required: true) }
        let scope = try MemoryScope(["run_id": "r1", "filters": ["user_id": "li"]], required: true)
        #expect(scope == MemoryScope(userID: "li", sessionID: "r1"))
        #expect(scope.fields == ["user_id": "li", "session_id": "r1"])
        #expect(MemoryScope(userID: "a").key != MemoryScope(agentID: "a").key)
    }
}

@Suite("Self-statements")
struct SelfStatementTests {
    @Test("the user's sentences about themselves that no fact covers are kept as said; questions and others' are not")
    func uncovered() {
        let said = [
            "Hello, my name is Li and I am allergic to peanuts. Can you suggest a snack? The weather is nice.",
            "我叫王伟。我喜欢喝绿茶吗？我住在上海。",
        ]
        #expect(SelfStatements.uncovered(in: said, by: []).map(\.text) == [
            "Hello, my name is Li and I am allergic to peanuts.", "我叫王伟。", "我住在上海。",
        ])
        // A sentence the model took a fact from is left to it, however short the fact.
        let found = [ExtractedFact(text: "Is allergic to peanuts", type: .profile), ExtractedFact(text: "名叫王伟", type: .profile)]
        #expect(SelfStatements.uncovered(in: said, by: found).map(\.text) == ["我住在上海。"])
        #expect(SelfStatements.uncovered(in: ["I am.", "My " + String(repeating: "very long ", count: 40)], by: []).isEmpty)
    }

    @Test("any first-person statement counts, in both languages; requests do not")
    func firstPersonStatements() {
        let said = ["I quit coffee completely in January. Now I only drink green tea. Please tell me a joke.", "我上个月从银行辞职了。帮我推荐一家餐厅。"]
        #expect(SelfStatements.uncovered(in: said, by: []).map(\.text) == [
            "I quit coffee completely in January.", "Now I only drink green tea.", "我上个月从银行辞职了。",
        ])
    }

    @Test("the assistant's long turns are cut in the extraction prompt, the user's never")
    func assistantTurnsCut() {
        let long = String(repeating: "I can help you with that. ", count: 20)
        let prompt = FactExtraction.prompt(conversation: [("user", long), ("assistant", long)], today: Date(timeIntervalSince1970: 0))
        let conversation = prompt[1]["content"]?.stringValue ?? ""
        #expect(conversation.contains("user: " + long))
        #expect(conversation.contains("assistant: " + long.prefix(FactExtraction.maximumAssistantCharacters) + "…"))
    }
}

@Suite("Grounding")
struct GroundingTests {
    @Test("facts from what was said pass, paraphrased or not; invented and copied ones do not")
    func grounding() throws {
        let grounding = FactGrounding(said: ["My name is Li and I am allergic to peanuts. I really like green tea."])
        #expect(grounding.grounds("Name is Li"))
        #expect(grounding.grounds("Is allergic to peanuts"))
        #expect(grounding.grounds("Prefers green tea"))
        #expect(!grounding.grounds("Moved to Lyon in the week before 2026-12-07"))
        #expect(!grounding.grounds("Hates onions"))
        #expect(!grounding.grounds("I'm a superhero with a superpower"))
        let chinese = FactGrounding(said: ["我叫王伟，我喜欢喝绿茶。"])
        #expect(chinese.grounds("喜欢喝绿茶"))
        #expect(chinese.grounds("名字是王伟"))
        #expect(!chinese.grounds("住在上海"))
        // Forms of a word match; a word the prompt's example names does not, said or half-grounded.
        let moved = FactGrounding(said: ["I hate cilantro. My name is Li, I moved to Berlin last week."])
        #expect(moved.grounds("Hates cilantro"))
        #expect(moved.grounds("Moved to Berlin in the week before 2026-12-07"))
        #expect(!moved.grounds("Name is Anna"))
        #expect(!moved.grounds("Moved to Lyon in the week before 2026-12-07"))
        #expect(FactGrounding(said: ["I'm Anna from Lyon"]).grounds("Name is Anna"))
        // A loop: the same words over and over, grounded or not.
        #expect(!moved.grounds("Hates cilantro, hates cilantro, hates cilantro, hates cilantro"))
        #expect(!moved.grounds("2026 12 07"))
        // A loop across sentences, each of which looks grounded alone, is judged whole.
        let loops = #"{"facts": [{"text": "I'm a big news about Berlin last month. I'm a big news about Paris last month. I'm a big news about Paris last month."}, {"text": "I'm a beagle, I'm a beagle"}, {"text": "I moved from Paris to Berlin last month."}]}"#
        let big = FactGrounding(said: ["Big news: I moved from Paris to Berlin last month. I have a beagle."])
        #expect(try FactExtraction.facts(in: loops, grounding: big).map(\.text) == ["I moved from Paris to Berlin last month."])
        // A question is no fact, however grounded: the user's sentence it came from is then kept as said.
        let question = #"{"facts": [{"text": "告诉？"}]}"#
        let moving = "告诉你，我上个月从上海搬到深圳了，现在住在深圳。"
        let read = try FactExtraction.read(question, grounding: FactGrounding(said: [moving]))
        #expect(read.facts.isEmpty && read.ungrounded == ["告诉？"])
        #expect(SelfStatements.uncovered(in: [moving], by: read.facts).map(\.text) == [moving])
        // A fact that goes on past what was said keeps its grounded sentences only.
        let goesOn = #"{"facts": [{"text": "Hi, I'm Li and I'm allergic to peanuts. I'm a vegetarian. I'm a vegan.", "type": "profile"}, {"text": "我叫王伟。我住在北京。我喜欢喝绿茶。", "type": "profile"}]}"#
        let kept = try FactExtraction.read(goesOn, grounding: FactGrounding(said: ["Hello, my name is Li and I am allergic to peanuts.", "我叫王伟，我喜欢喝绿茶。"]))
        #expect(kept.facts.map(\.text) == ["Hi, I'm Li and I'm allergic to peanuts.", "我叫王伟。我喜欢喝绿茶。"])
        #expect(kept.ungrounded == ["I'm a vegetarian.", "I'm a vegan.", "我住在北京。"])
        let answer = #"{"facts": [{"text": "Is allergic to peanuts", "type": "profile"}, {"text": "Hates onions", "type": "preference"}]}"#
        #expect(try FactExtraction.facts(in: answer, grounding: grounding).map(\.text) == ["Is allergic to peanuts"])
    }
}
