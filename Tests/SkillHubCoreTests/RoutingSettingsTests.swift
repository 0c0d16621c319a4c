import Testing

@testable import SkillHubCore

/// `LOAD_BALANCE_STRATEGY`, seed 002's `WORKERS` and active health checks, `HEALTH_RESPONSE_STYLE`.
@Suite("Routing settings")
struct RoutingSettingsTests {
    func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try SkillHubConfiguration(environment: environment)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func theSeedsStrategyNamesMapOntoTheFourBalancers() throws {
        #expect(try SkillHubConfiguration(environment: [:]).routing.defaultStrategy == .weightedRoundRobin)
        let cases: [String: RoutingStrategy] = [
            "least-connections": .leastRequest, "LEAST_CONNECTIONS": .leastRequest, "least_request": .leastRequest,
            "round-robin": .weightedRoundRobin, "weighted": .weightedRoundRobin, "weighted_round_robin": .weightedRoundRobin,
            "consistent-hash": .consistentHash, "sticky": .consistentHash, "random": .weightedRandom, "weighted-random": .weightedRandom,
        ]
        for (name, strategy) in cases {
            #expect(try SkillHubConfiguration(environment: ["LOAD_BALANCE_STRATEGY": name]).routing.defaultStrategy == strategy, "\(name)")
        }
        let refused = problems(["LOAD_BALANCE_STRATEGY": "fastest"])
        #expect(refused.count == 1)
        #expect(refused.first?.hasPrefix("LOAD_BALANCE_STRATEGY: 'fastest' is not valid; expected one of round-robin, weighted, least-connections") == true)
    }

    @Test func seed002sWorkerListWithItsIntervalsIsRead() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "WORKERS": "http://10.0.0.1:3001,http://10.0.0.2:3001/, https://w3.example.com:3001",
            "HEALTH_CHECK_INTERVAL_MS": "10000", "WORKER_TIMEOUT_MS": "30000", "LOAD_BALANCE_STRATEGY": "least-connections",
        ])
        let workers = try #require(configuration.routing.workers)
        #expect(workers.urls == ["http://10.0.0.1:3001", "http://10.0.0.2:3001", "https://w3.example.com:3001"])
        #expect(workers.skill == "chat")
        #expect(workers.version == "2.0.0")
        #expect(workers.capabilities == ["complete"])
        #expect(workers.callTimeoutMilliseconds == 30_000)
        #expect(workers.healthCheck == ActiveHealthCheck(path: "/health", interval: .seconds(10), timeout: .seconds(2), healthyThreshold: 2, unhealthyThreshold: 3))
        let summary = Dictionary(uniqueKeysWithValues: configuration.maskedSummary.map { ($0.name, $0.value) })
        #expect(summary["LOAD_BALANCE_STRATEGY"] == "least_request")
        #expect(summary["HEALTH_CHECK_INTERVAL_MS"] == "10000")

        let tuned = try #require(try SkillHubConfiguration(environment: [
            "WORKERS": "http://10.0.0.1:3001", "WORKERS_SKILL": "assistant", "WORKERS_SKILL_VERSION": "2.1.0",
            "WORKERS_CAPABILITIES": "complete, summarize", "HEALTH_CHECK_PATH": "/healthz", "HEALTH_CHECK_INTERVAL_MS": "500",
            "HEALTH_CHECK_TIMEOUT_MS": "200", "HEALTH_CHECK_HEALTHY_THRESHOLD": "1", "HEALTH_CHECK_UNHEALTHY_THRESHOLD": "5",
        ]).routing.workers)
        #expect(tuned.skill == "assistant")
        #expect(tuned.capabilities == ["complete", "summarize"])
        #expect(tuned.healthCheck == ActiveHealthCheck(path: "/healthz", interval: .milliseconds(500), timeout: .milliseconds(200), healthyThreshold: 1, unhealthyThreshold: 5))
        // A short interval caps the default probe timeout.
        #expect(try SkillHubConfiguration(environment: ["WORKERS": "http://a:1", "HEALTH_CHECK_INTERVAL_MS": "300"]).routing.workers?.healthCheck.timeout == .milliseconds(300))
    }

    @Test func badWorkerSettingsAreRefusedAtStartUp() throws {
        #expect(problems(["WORKERS": "10.0.0.1:3001"]) == ["WORKERS: '10.0.0.1:3001' is not valid; expected a comma-separated list of http(s)://host[:port][/path] URLs"])
        #expect(problems(["WORKERS": "ftp://h:1"]).count == 1)
        #expect(problems(["WORKERS": "http://a:1,http://a:1"]) == ["WORKERS: lists 'http://a:1' twice"])
        #expect(problems(["WORKERS": " , "]) == ["WORKERS: names no URL; expected a comma-separated list of http(s)://host[:port] URLs"])
        #expect(problems(["WORKERS": "http://a:1", "HEALTH_CHECK_INTERVAL_MS": "10"]).first?.hasPrefix("HEALTH_CHECK_INTERVAL_MS: '10' is not valid") == true)
        #expect(problems(["WORKERS": "http://a:1", "HEALTH_CHECK_INTERVAL_MS": "1000", "HEALTH_CHECK_TIMEOUT_MS": "5000"])
            == ["HEALTH_CHECK_TIMEOUT_MS: is 5000 ms; it must not exceed HEALTH_CHECK_INTERVAL_MS (1000 ms)"])
        #expect(problems(["WORKERS": "http://a:1", "HEALTH_CHECK_PATH": "health"]).first?.hasPrefix("HEALTH_CHECK_PATH:") == true)
        #expect(problems(["WORKERS": "http://a:1", "HEALTH_CHECK_UNHEALTHY_THRESHOLD": "0"]).first?.hasPrefix("HEALTH_CHECK_UNHEALTHY_THRESHOLD:") == true)
        #expect(problems(["WORKERS": "http://a:1", "WORKERS_SKILL_VERSION": "one"]) == ["WORKERS_SKILL_VERSION: 'one' is not a semantic version (MAJOR.MINOR.PATCH)"])
        #expect(problems(["WORKERS": "http://a:1", "WORKERS_SKILL": "a b"]).first?.hasPrefix("WORKERS_SKILL:") == true)
        // Without WORKERS the worker settings do nothing, and say so.
        let stray = try SkillHubConfiguration(environment: ["HEALTH_CHECK_INTERVAL_MS": "10000", "WORKER_TIMEOUT_MS": "30000"])
        #expect(stray.routing.workers == nil)
        #expect(stray.warnings.contains("HEALTH_CHECK_INTERVAL_MS, WORKER_TIMEOUT_MS ignored: no WORKERS are listed"))
    }

    @Test func anEndpointsActiveCheckIsValidatedFieldByField() {
        #expect(ActiveHealthCheck().problems().isEmpty)
        let bad = ActiveHealthCheck(path: "x", interval: .milliseconds(50), timeout: .milliseconds(10), healthyThreshold: 0, unhealthyThreshold: 101)
        #expect(bad.problems().map(\.field) == ["path", "interval_ms", "timeout_ms", "healthy_threshold", "unhealthy_threshold"])
        #expect(ActiveHealthCheck(interval: .seconds(1), timeout: .seconds(2)).problems().map(\.field) == ["timeout_ms"])
    }

    @Test func healthResponseStyle() throws {
        #expect(try SkillHubConfiguration(environment: [:]).healthResponseStyle == .healthy)
        #expect(try SkillHubConfiguration(environment: ["HEALTH_RESPONSE_STYLE": "OK"]).healthResponseStyle == .ok)
        #expect(problems(["HEALTH_RESPONSE_STYLE": "green"]) == ["HEALTH_RESPONSE_STYLE: 'green' is not valid; expected one of healthy, ok"])
    }
}
