import Foundation
import SkillHubCore
import SkillHubPluginHost
import Testing

/// The `defer` object of `invoke_skill` requests: read and checked with the request, and carried
/// through a decode and re-encode (as the isolated plugin host forwards requests).
@Suite("Deferred invoke_skill requests (Deferred)")
struct DeferredRequestTests {
    func decode(_ json: String) throws -> PluginSkillRequest {
        try JSONDecoder().decode(PluginSkillRequest.self, from: Data(json.utf8))
    }

    /// The invalid-input message of a request that is refused.
    func refusal(_ json: String) throws -> String {
        do {
            _ = try decode(json)
        } catch let error as PluginCallError {
            #expect(error.status == .invalidInput)
            return error.message
        }
        Issue.record("accepted: \(json)")
        return ""
    }

    @Test func withoutDeferNothingChanges() throws {
        let request = try decode(#"{"skill": "echo", "capability": "echo", "input": {"a": 1}}"#)
        #expect(request.deferral == nil)
        let encoded = try JSONValue(parsing: Array(try JSONEncoder().encode(request)))
        #expect(encoded["defer"] == nil)
        #expect(try decode(#"{"skill": "echo", "defer": null}"#).deferral == nil)
    }

    @Test func defaultsAndEveryFieldAreRead() throws {
        #expect(try decode(#"{"skill": "echo", "defer": {}}"#).deferral == PluginDeferral(delay: .zero, key: nil, serial: nil, maxAttempts: 5))
        let full = try decode(#"{"skill": "memory", "capability": "extract", "defer": {"delay_ms": 1500, "key": "k", "serial": "user-1", "max_attempts": 20}}"#)
        #expect(full.deferral == PluginDeferral(delay: .milliseconds(1500), key: "k", serial: "user-1", maxAttempts: 20))
        // 30 days is the longest delay; a key of 200 characters the longest key.
        let longest = try decode(#"{"skill": "s", "defer": {"delay_ms": 2592000000, "key": "\#(String(repeating: "é", count: 200))"}}"#)
        #expect(longest.deferral?.delay == .milliseconds(2_592_000_000))
    }

    @Test func theDeferralSurvivesAReEncoding() throws {
        let original = try decode(#"{"skill": "memory", "input": {"x": [1, 2]}, "session_id": "s", "defer": {"delay_ms": 250, "serial": "u", "max_attempts": 3}}"#)
        let again = try JSONDecoder().decode(PluginSkillRequest.self, from: try JSONEncoder().encode(original))
        #expect(again.deferral == original.deferral)
        #expect(again.input == original.input)
        #expect(again.sessionID == "s")
    }

    @Test func badFieldsAreInvalidInputNamingTheField() throws {
        #expect(try refusal(#"{"skill": "s", "defer": true}"#).contains("defer must be an object"))
        #expect(try refusal(#"{"skill": "s", "defer": [1]}"#).contains("defer must be an object"))
        #expect(try refusal(#"{"skill": "s", "defer": {"delay_ms": -1}}"#).contains("defer.delay_ms"))
        #expect(try refusal(#"{"skill": "s", "defer": {"delay_ms": 2592000001}}"#).contains("defer.delay_ms"))
        #expect(try refusal(#"{"skill": "s", "defer": {"delay_ms": 1.5}}"#).contains("defer.delay_ms"))
        #expect(try refusal(#"{"skill": "s", "defer": {"delay_ms": "5"}}"#).contains("defer.delay_ms"))
        #expect(try refusal(#"{"skill": "s", "defer": {"key": "\#(String(repeating: "k", count: 201))"}}"#).contains("defer.key"))
        #expect(try refusal(#"{"skill": "s", "defer": {"key": ""}}"#).contains("defer.key"))
        #expect(try refusal(#"{"skill": "s", "defer": {"serial": 7}}"#).contains("defer.serial"))
        #expect(try refusal(#"{"skill": "s", "defer": {"max_attempts": 0}}"#).contains("defer.max_attempts"))
        #expect(try refusal(#"{"skill": "s", "defer": {"max_attempts": 21}}"#).contains("defer.max_attempts"))
        #expect(try refusal(#"{"skill": "s", "defer": {"delay": 5}}"#).contains("defer.delay"))
    }
}
