import ChatEngine
import Testing

@Suite("Chat history within a context budget")
struct HistoryWindowTests {
    @Test func estimatesCountCJKCharactersAndEnglishBytes() {
        #expect(TokenEstimate.tokens(in: "") == 0)
        #expect(TokenEstimate.tokens(in: "abcd") == 1)
        #expect(TokenEstimate.tokens(in: "abcde") == 2)
        #expect(TokenEstimate.tokens(in: "你好世界") == 4)
        #expect(TokenEstimate.tokens(in: "hi 你好") == 3)  // "hi " is 3 bytes → 1, two characters → 2
        #expect(TokenEstimate.message("abcd") == 5)
    }

    @Test func keepsTheNewestMessagesThatFitAndNeverOpensOnAnAnswer() {
        let history: [(role: String, text: String)] = (0..<10).map { index in
            (role: index.isMultiple(of: 2) ? "user" : "assistant", text: String(repeating: "a", count: 36))  // 4 + 9 = 13 tokens each
        }
        // Budget 60, fixed 13: 47 left → three messages (39) fit; the window 7..<10 opens on an
        // assistant answer (index 7), so it starts at 8.
        #expect(HistoryWindow(budget: 60).kept(history, fixed: [String(repeating: "a", count: 36)]) == 8..<10)
        #expect(HistoryWindow(budget: 1000).kept(history, fixed: []) == 0..<10)
        #expect(HistoryWindow(budget: 5).kept(history, fixed: ["x"]) == 10..<10)
    }
}
