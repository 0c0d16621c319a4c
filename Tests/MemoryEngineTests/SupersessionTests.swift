import MemoryEngine
import Testing

@Suite("Supersession: what a new fact of the user's makes stale")
struct SupersessionTests {
    @Test("a new place, occupation or workplace replaces the old value, in English and Chinese", arguments: [
        ("Lives in Paris", "I live in Berlin now."),
        ("I moved to Lyon in 2019.", "Big news: I moved from Paris to Berlin last month."),
        ("Works as an accountant at a bank", "Since May I have worked as a chef at an Italian restaurant."),
        ("I work at Siemens", "I work for a start-up now."),
        ("住在上海", "告诉你，我上个月从上海搬到深圳了，现在住在深圳。"),
        ("是一名护士", "我现在是一名医生。"),
        ("在北京一家银行上班", "我现在在上海一家书店上班。"),
    ])
    func singleValuedFacts(memory: String, fact: String) {
        #expect(Supersession.of(memory, by: fact) == .whole)
    }

    @Test("something the user stopped makes the clauses that name it stale", arguments: [
        ("Drinks four cups of coffee a day", "I quit coffee completely in January."),
        ("Drives a red Honda Civic", "I sold the Honda and bought a bicycle."),
        ("Works as an accountant at a bank", "I left the bank."),
        ("在北京一家银行上班", "我上个月从银行辞职了，现在自己开了一家咖啡店。"),
        ("每天喝三杯咖啡", "我已经戒了咖啡。"),
        ("Working at a Canadian bank", "I left the bank."),
    ])
    func stoppedThings(memory: String, fact: String) {
        #expect(Supersession.of(memory, by: fact) == .whole)
    }

    @Test("a memory of several clauses keeps those the fact does not touch")
    func partialMemories() {
        #expect(Supersession.of("I live in Paris and I work as a nurse.", by: "I live in Berlin now.") == .partial(remaining: "I work as a nurse."))
        #expect(Supersession.of("你好，我叫李雷，住在上海，是一名程序员。", by: "现在住在深圳。") == .partial(remaining: "你好，我叫李雷，是一名程序员。"))
        #expect(Supersession.of("I'm David, a Canadian, working at a Canadian bank.", by: "I left the bank.") == .partial(remaining: "I'm David, a Canadian."))
    }

    @Test("two statements joined by \"and\" with one subject are two clauses")
    func sharedSubject() {
        #expect(Supersession.of("I live in Toronto and work as an accountant at a bank.", by: "Since May I have worked as a chef.")
            == .partial(remaining: "I live in Toronto."))
        // "and" between two things is no new statement.
        #expect(Supersession.of("I like tea and cake", by: "I live in Berlin") == nil)
    }

    @Test("a memory is judged against all the new facts at once")
    func severalFacts() throws {
        let facts = ["I left the bank.", "I sold the Honda and bought a bicycle."]
        let outcome = try #require(Supersession.of("I'm an accountant at a bank. I drive a red Honda Civic. I live in Toronto.", by: facts))
        #expect(outcome.supersession == .partial(remaining: "I live in Toronto."))
        #expect(outcome.by == [0, 1])
        let reconciliation = MemoryReconciliation(
            existing: [("m1", "I'm an accountant at a bank. I drive a red Honda Civic.")],
            facts: facts.map { ExtractedFact(text: $0, type: .event) }
        )
        #expect(reconciliation.withoutModel == [
            MemoryDecision(event: .update, memoryID: "m1", text: "I left the bank.", type: .event),
            MemoryDecision(event: .add, memoryID: nil, text: "I sold the Honda and bought a bicycle.", type: .event),
        ])
    }

    @Test("an UPDATE or ADD whose text is not from the new facts is refused: the prompt's example, another memory")
    func ungroundedDecisions() throws {
        let reconciliation = MemoryReconciliation(
            existing: [("m1", "My sister Li Na helped me move."), ("m2", "Red Honda Civic"), ("m3", "I live in Toronto and work at a bank.")],
            facts: [ExtractedFact(text: "I cycle to work now.", type: .fact)]
        )
        let answer = #"{"memory": [{"id": "0", "text": "Lives in Paris", "event": "UPDATE"}, {"id": "1", "text": "I live in Toronto and work at a bank.", "event": "UPDATE"}, {"id": "", "text": "Likes jazz", "event": "ADD"}]}"#
        let (decisions, refused, _) = try reconciliation.decisions(in: answer)
        #expect(refused == 3)
        #expect(decisions == [MemoryDecision(event: .add, memoryID: nil, text: "I cycle to work now.", type: .fact)])
    }

    @Test("the same value, someone else's news, or an unrelated fact change nothing", arguments: [
        ("Lives in Berlin", "I live in Berlin now."),
        ("Works as a nurse", "Emma just started a new job as an airline pilot."),
        ("Works as a nurse", "My sister works as a pilot."),
        ("My sister Emma works at a bank", "I left the bank."),
        ("是一名程序员", "李娜刚当上了小学老师。"),
        ("Is allergic to peanuts", "I love Berlin."),
        ("Quit smoking in 2020", "I quit coffee."),
        ("Drinks green tea", "I quit coffee."),
        ("Lives in Paris", "I lived in Tokyo as a student."),
    ])
    func unchanged(memory: String, fact: String) {
        #expect(Supersession.of(memory, by: fact) == nil)
    }

    @Test("reconciliation turns the ADD of a superseding fact into the UPDATE of the stale memory, whatever the model said of it")
    func reconciliationApplies() throws {
        let reconciliation = MemoryReconciliation(
            existing: [("m1", "I live in Paris and I work as a nurse."), ("m2", "Drinks four cups of coffee a day"), ("m3", "Likes jazz")],
            facts: [
                ExtractedFact(text: "I live in Berlin now.", type: .profile), ExtractedFact(text: "I quit coffee in January.", type: .event),
                ExtractedFact(text: "Likes jazz", type: .preference),
            ]
        )
        // A small model's answer: NONE for every memory shown.
        let answer = #"{"memory": [{"id": "0", "text": "", "event": "NONE"}, {"id": "1", "text": "", "event": "NONE"}, {"id": "2", "text": "", "event": "NONE"}]}"#
        let expected = [
            MemoryDecision(event: .add, memoryID: nil, text: "I live in Berlin now.", type: .profile),
            MemoryDecision(event: .update, memoryID: "m2", text: "I quit coffee in January.", type: .event),
            MemoryDecision(event: .update, memoryID: "m1", text: "I work as a nurse.", type: .fact),
        ]
        #expect(try reconciliation.decisions(in: answer).decisions.filter { $0.event != .none } == expected)
        // Without a model the same rules apply.
        #expect(reconciliation.withoutModel.filter { $0.event != .none } == expected)
    }

    @Test("a memory the model updated or deleted itself is left to the model")
    func modelDecisionsStand() throws {
        let reconciliation = MemoryReconciliation(existing: [("m1", "Lives in Paris")], facts: [ExtractedFact(text: "Lives in Berlin", type: .profile)])
        let answer = #"{"memory": [{"id": "0", "text": "Lives in Berlin (moved from Paris)", "event": "UPDATE"}]}"#
        #expect(try reconciliation.decisions(in: answer).decisions == [
            MemoryDecision(event: .update, memoryID: "m1", text: "Lives in Berlin (moved from Paris)", type: .fact),
        ])
    }
}
