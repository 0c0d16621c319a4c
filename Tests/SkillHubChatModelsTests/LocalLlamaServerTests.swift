import Foundation
import SkillHubChatModels
import SkillHubCore
import Testing

/// The real local model (`scripts/stack.sh llm-start`; `scripts/test.sh` exports `SKILLHUB_TEST_LLM_BASE_URL` when
/// it is up). Without it the test is skipped locally, and fails under CI.
@Suite("Local llama-server")
struct LocalLlamaServerTests {
    static let baseURL = Environment.value("SKILLHUB_TEST_LLM_BASE_URL")
    static let inCI = Environment.value("CI") != nil

    @Test(.enabled(if: baseURL != nil || inCI, "SKILLHUB_TEST_LLM_BASE_URL is not set: the local llama-server is not running (scripts/stack.sh llm-start)"))
    func aShortCompletionAnswersText() async throws {
        let baseURL = try #require(Self.baseURL, "CI is set but SKILLHUB_TEST_LLM_BASE_URL is not: CI must install and start the local model")
        let settings = ChatModelSettings(models: [.local(baseURL: baseURL)])
        try await withTransport { transport in
            let router = ChatRouter(settings: settings, transport: transport)
            let request = ChatRequest(messages: [.user("What is the capital of France? Answer in one word.")], temperature: 0, maxTokens: 16)
            let answer = try await router.complete(request)
            #expect(answer.model == "smollm2")
            #expect(!(answer.message.content ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            #expect((answer.usage?.completionTokens ?? 0) > 0)

            let (outcome, chunks, error) = await drain(router, request)
            #expect(error == nil && outcome?.model == "smollm2")
            #expect(!text(chunks).isEmpty)
            #expect(chunks.contains { $0.usage != nil })
        }
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }
}
