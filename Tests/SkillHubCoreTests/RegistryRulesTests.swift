import Foundation
import SkillHubCore
import Testing

@Suite("Registry rules")
struct RegistryRulesTests {
    @Test(arguments: ["1.0.0", "0.6.0", "10.20.30", "1.0.0-alpha.1", "1.0.0+build.5", "1.0.0-rc.1+sha.abc"])
    func acceptsSemanticVersions(_ text: String) {
        #expect(SemanticVersion(text)?.description == text)
    }

    @Test(arguments: ["1.0", "1", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1.0.0 ", "", "1..0", "1.0.0+"])
    func refusesOtherVersions(_ text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func ordersVersionsAsSemverDoes() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
        let versions = try ordered.map { try #require(SemanticVersion($0)) }
        #expect(versions.sorted() == versions)
        #expect(SemanticVersion("1.0.0+a") == SemanticVersion("1.0.0+a"))
    }

    @Test func endpointURLsMustMatchTheirProtocol() {
        #expect(EndpointProtocol.http.validate(url: "http://localhost:8001") == nil)
        #expect(EndpointProtocol.https.validate(url: "https://user@[::1]:443/path?q") == nil)
        #expect(EndpointProtocol.wss.validate(url: "wss://stream.example/ws") == nil)
        #expect(EndpointProtocol.plugin.validate(url: "plugin://ocr") == nil)
        #expect(EndpointProtocol.unix.validate(url: "unix:///run/skillhub/ocr.sock") == nil)

        #expect(EndpointProtocol.http.validate(url: "https://localhost") != nil)
        #expect(EndpointProtocol.http.validate(url: "http://") != nil)
        #expect(EndpointProtocol.http.validate(url: "http://host:0") != nil)
        #expect(EndpointProtocol.http.validate(url: "http://host:99999") != nil)
        #expect(EndpointProtocol.http.validate(url: "http://host:port") != nil)
        #expect(EndpointProtocol.http.validate(url: "http://ho st") != nil)
        #expect(EndpointProtocol.http.validate(url: "localhost:8001") != nil)
        #expect(EndpointProtocol.plugin.validate(url: "plugin://../etc") != nil)
        #expect(EndpointProtocol.plugin.validate(url: "plugin://ocr/extra") != nil)
        #expect(EndpointProtocol.unix.validate(url: "unix://relative.sock") != nil)
        #expect(EndpointProtocol.http.validate(url: "http://" + String(repeating: "a", count: 2100)) != nil)
    }

    @Test func draftsReportEveryProblemWithItsPath() {
        let draft = SkillDraft(
            name: "-bad", version: "one", timeoutMilliseconds: 0,
            endpoints: [EndpointDraft(url: "http://a:1", protocol: .http, weight: -1), EndpointDraft(url: "http://a:1", protocol: .http)],
            capabilities: [CapabilityDraft(name: "x", category: "bad category", parameters: "nope")]
        )
        #expect(Set(draft.validate().map(\.field)) == [
            "name", "version", "timeout_ms", "endpoints[0].weight", "endpoints[1].url",
            "capabilities[0].category", "capabilities[0].parameters",
        ])
        #expect(SkillDraft(name: "weather-skill", version: "1.0.0", endpoints: [EndpointDraft(url: "http://localhost:8001", protocol: .http, weight: 0)]).validate() == [])
    }

    @Test func heartbeatPolicyFollowsThreeIntervalsAndTheDeleteTimeout() {
        let policy = HeartbeatPolicy(interval: .seconds(30))
        #expect(policy.unhealthyAfter == .seconds(90))
        #expect(policy.deleteAfter == .seconds(300))
        #expect(policy.liveness(afterSilence: .seconds(89)) == .alive)
        #expect(policy.liveness(afterSilence: .seconds(90)) == .overdue)
        #expect(policy.liveness(afterSilence: .seconds(300)) == .expired)
        #expect(policy.sweepPeriod == .seconds(5))
        #expect(HeartbeatPolicy(interval: .seconds(5), deleteAfter: .seconds(1)).deleteAfter == .seconds(15))
        #expect(HeartbeatPolicy(interval: .milliseconds(60)).sweepPeriod == .milliseconds(100))
    }

    @Test func accountsReadTheirOwnAndPublicSkillsAndChangeOnlyTheirOwn() {
        let member = Principal(accountID: "acme", userID: "ann", role: .user).skillAccess
        #expect(member == .account("acme"))
        #expect(member.canRead(owner: "acme", visibility: .private))
        #expect(member.canRead(owner: "other", visibility: .public))
        #expect(!member.canRead(owner: "other", visibility: .private))
        #expect(!member.canRead(owner: nil, visibility: .private))
        #expect(member.canWrite(owner: "acme"))
        #expect(!member.canWrite(owner: "other"))
        #expect(!member.canWrite(owner: nil))
        #expect(Principal.root.skillAccess == .everything)
        #expect(Principal.root.skillAccess.canWrite(owner: "anyone"))
    }
}
