import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SkillHubCore
@testable import SkillHubServer
import SkillHubTestSupport
import Testing

@Suite("Rate limits: token buckets in Redis per key, account and client address")
struct RateLimitTests {
    let apiKeyHeader = HTTPField.Name("X-API-Key")!
    let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    let limitHeader = HTTPField.Name("RateLimit-Limit")!
    let remainingHeader = HTTPField.Name("RateLimit-Remaining")!
    let resetHeader = HTTPField.Name("RateLimit-Reset")!

    /// A client address of its own per test run, through the trusted loopback proxy: buckets
    /// in the shared Redis never carry over between runs.
    static func uniqueAddress() -> String {
        "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
    }

    @Test func tokenIssuanceIsLimitedPerAPIKeyWithHeadersAnd429() async throws {
        let app = try await TestApplication.make(environment: ["RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_TOKEN_PER_MINUTE": "3"])
        try await app.test(.live) { client in
            let tenant = try await TestTenant.create(with: client, prefix: "rltoken")
            for remaining in [2, 1, 0] {
                let issued = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: tenant.userKey])
                #expect(issued.status == .ok)
                #expect(issued.headers[limitHeader] == "3")
                #expect(issued.headers[remainingHeader] == String(remaining))
                #expect(issued.headers[resetHeader].flatMap(Int.init).map { (1...60).contains($0) } == true)
            }
            let refused = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: tenant.userKey])
            #expect(refused.status == .tooManyRequests)
            let body = try refused.json()
            #expect(body["code"] == 1010)
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            #expect((1...20).contains(retryAfter))
            #expect(body["details"]?["retry_after_seconds"] == .number(Double(retryAfter)))
            #expect(refused.headers[remainingHeader] == "0")
            // Another key has a bucket of its own.
            let other = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: tenant.adminKey])
            #expect(other.status == .ok)
        }
    }

    @Test func failedAuthenticationsBlockTheAddressBeforeTheCredentialIsChecked() async throws {
        let app = try await TestApplication.make(environment: [
            "RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_AUTH_FAILURES": "3", "RATE_LIMIT_AUTH_FAILURES_WINDOW": "600",
            "RATE_LIMIT_TRUSTED_PROXIES": "127.0.0.1,::1",
        ])
        try await app.test(.live) { client in
            let guesser = Self.uniqueAddress()
            for guess in 0..<3 {
                let response = try await client.execute(
                    uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: "shk_guess_\(guess)", forwardedFor: guesser]
                )
                #expect(response.status == .unauthorized)
            }
            // The root key itself is refused now: the credential is not even looked at.
            for uri in ["/api/v1/auth/token", "/api/v1/admin/accounts"] {
                let blocked = try await client.execute(
                    uri: uri, method: uri.hasSuffix("token") ? .post : .get, headers: [apiKeyHeader: TestApplication.rootKey, forwardedFor: guesser]
                )
                #expect(blocked.status == .tooManyRequests)
                #expect(try blocked.json()["code"] == 1010)
                #expect(blocked.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true)
            }
            // Requests without credentials are not refused; another address is not affected.
            #expect(try await client.execute(uri: "/health", method: .get, headers: [forwardedFor: guesser]).status == .ok)
            let neighbour = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: TestApplication.rootKey, forwardedFor: Self.uniqueAddress()]
            )
            #expect(neighbour.status == .ok)
        }
    }

    @Test func dispatchAndRegistryWritesAreLimitedPerAccountWhenConfigured() async throws {
        let app = try await TestApplication.make(environment: [
            "RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_DISPATCH_PER_MINUTE": "2", "RATE_LIMIT_REGISTRY_WRITES_PER_MINUTE": "60",
            "RATE_LIMIT_REGISTRY_WRITES_BURST": "1",
        ])
        try await app.test(.live) { client in
            let tenant = try await TestTenant.create(with: client, prefix: "rlgroup")
            let other = try await TestTenant.create(with: client, prefix: "rlother")
            let invoke = "/api/v1/skills/\(UUID().uuidString.lowercased())/invoke"
            let json: HTTPFields = [.contentType: "application/json"]
            // Answers that are errors count and carry the headers too.
            for remaining in [1, 0] {
                var headers = json
                headers[apiKeyHeader] = tenant.userKey
                let response = try await client.execute(uri: invoke, method: .post, headers: headers, body: ByteBuffer(string: #"{"input": {}}"#))
                #expect(response.status == .notFound)
                #expect(response.headers[limitHeader] == "2")
                #expect(response.headers[remainingHeader] == String(remaining))
            }
            // The whole account shares the bucket: the admin's key is refused as well.
            var adminHeaders = json
            adminHeaders[apiKeyHeader] = tenant.adminKey
            let refused = try await client.execute(uri: invoke, method: .post, headers: adminHeaders, body: ByteBuffer(string: #"{"input": {}}"#))
            #expect(refused.status == .tooManyRequests)
            #expect(try refused.json()["code"] == 1010)
            #expect(refused.headers[.retryAfter] != nil)
            var otherHeaders = json
            otherHeaders[apiKeyHeader] = other.userKey
            #expect(try await client.execute(uri: invoke, method: .post, headers: otherHeaders, body: ByteBuffer(string: #"{"input": {}}"#)).status == .notFound)

            // Registry writes: a burst of 1; reads are never limited and carry no headers.
            var serviceHeaders = json
            serviceHeaders[apiKeyHeader] = tenant.serviceKey
            let name = TestStack.uniqueName("rl")
            let created = try await client.execute(
                uri: "/api/v1/skills/", method: .post, headers: serviceHeaders, body: ByteBuffer(string: #"{"name": "\#(name)", "version": "1.0.0"}"#)
            )
            #expect(created.status == .created)
            #expect(created.headers[limitHeader] == "1")
            let second = try await client.execute(
                uri: "/api/v1/skills/", method: .post, headers: serviceHeaders, body: ByteBuffer(string: #"{"name": "\#(name)-2", "version": "1.0.0"}"#)
            )
            #expect(second.status == .tooManyRequests)
            let read = try await client.execute(uri: "/api/v1/skills/", method: .get, headers: serviceHeaders)
            #expect(read.status == .ok)
            #expect(read.headers[limitHeader] == nil)
        }
    }

    @Test func redisOutOfReachFailsOpen() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let app = try await TestApplication.make(
            redis: server.configuration, environment: ["RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_TOKEN_PER_MINUTE": "1"]
        )
        try await app.test(.live) { client in
            await server.stop()
            for _ in 0..<3 {
                let started = ContinuousClock.now
                let issued = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [apiKeyHeader: TestApplication.rootKey])
                #expect(issued.status == .ok)
                #expect(issued.headers[limitHeader] == nil)
                #expect(ContinuousClock.now - started < .seconds(2))
            }
        }
    }

    @Test func routeGroups() {
        #expect(RateLimitGroup(method: .post, path: "/api/v1/auth/token") == .token)
        #expect(RateLimitGroup(method: .post, path: "/api/v1/skills/abc/invoke") == .dispatch)
        #expect(RateLimitGroup(method: .post, path: "/api/v1/commands/execute") == .dispatch)
        #expect(RateLimitGroup(method: .post, path: "/v1/chat/completions") == .dispatch)
        #expect(RateLimitGroup(method: .post, path: "/api/v1/skills/register") == .registryWrites)
        #expect(RateLimitGroup(method: .delete, path: "/api/v1/skills/abc") == .registryWrites)
        #expect(RateLimitGroup(method: .post, path: "/api/v1/heartbeats") == .registryWrites)
        #expect(RateLimitGroup(method: .get, path: "/api/v1/skills/abc") == nil)
        #expect(RateLimitGroup(method: .post, path: "/api/v1/admin/accounts") == nil)
    }

    @Test func clientAddressTrustsForwardedForOnlyFromTrustedProxies() throws {
        func address(peer: String, forwarded: String?, trusted: Set<String>) throws -> String {
            var headers: HTTPFields = [:]
            if let forwarded { headers[forwardedFor] = forwarded }
            let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/", headerFields: headers), body: .init(buffer: ByteBuffer()))
            return ClientAddress.of(request, peer: try SocketAddress(ipAddress: peer, port: 1234), trustedProxies: trusted)
        }
        #expect(try address(peer: "192.0.2.7", forwarded: "203.0.113.9", trusted: []) == "192.0.2.7")
        #expect(try address(peer: "192.0.2.7", forwarded: "203.0.113.9", trusted: ["198.51.100.1"]) == "192.0.2.7")
        #expect(try address(peer: "10.0.0.1", forwarded: "203.0.113.9, 10.0.0.2", trusted: ["10.0.0.1", "10.0.0.2"]) == "203.0.113.9")
        // A client's own forged entries left of the real one are not believed.
        #expect(try address(peer: "10.0.0.1", forwarded: "1.1.1.1, 203.0.113.9", trusted: ["10.0.0.1"]) == "203.0.113.9")
        #expect(try address(peer: "10.0.0.1", forwarded: "garbage", trusted: ["10.0.0.1"]) == "10.0.0.1")
    }

    @Test func settingsAreReadAndCheckedAtStartUp() throws {
        let defaults = try SkillHubConfiguration(environment: [:]).rateLimits
        #expect(defaults.rule(for: .token) == RateLimitRule(limit: 30))
        #expect(defaults.rule(for: .dispatch) == nil)
        #expect(defaults.authFailureRule == RateLimitRule(limit: 20, windowSeconds: 300))
        let configured = try SkillHubConfiguration(environment: [
            "RATE_LIMIT_DISPATCH_PER_MINUTE": "600", "RATE_LIMIT_DISPATCH_BURST": "50", "RATE_LIMIT_TOKEN_PER_MINUTE": "0",
            "RATE_LIMIT_TRUSTED_PROXIES": "10.0.0.1, ::1",
        ]).rateLimits
        #expect(configured.rule(for: .dispatch) == RateLimitRule(limit: 600, windowSeconds: 60, burst: 50))
        #expect(configured.rule(for: .token) == nil)
        #expect(configured.trustedProxies == ["10.0.0.1", "::1"])
        #expect(try SkillHubConfiguration(environment: ["RATE_LIMIT_ENABLED": "no"]).rateLimits.rule(for: .token) == nil)
        do {
            _ = try SkillHubConfiguration(environment: ["RATE_LIMIT_TRUSTED_PROXIES": "10.0.0.0/8", "RATE_LIMIT_DISPATCH_PER_MINUTE": "lots"])
            Issue.record("bad rate limit settings were accepted")
        } catch {
            let variables = error.problems.map(\.variable)
            #expect(variables.contains("RATE_LIMIT_TRUSTED_PROXIES"))
            #expect(variables.contains("RATE_LIMIT_DISPATCH_PER_MINUTE"))
        }
    }

    /// Any request with credentials may meet the failed-authentication limit, so every secured
    /// operation (and token issuance) documents its 429.
    @Test func everySecuredOperationDocuments429() throws {
        let operations = try OpenAPIContractTests.specifiedOperationDetails()
        for operation in operations where operation.isSecured || operation.path == "/api/v1/auth/token" {
            #expect(operation.statuses.contains("429"), "\(operation.method) \(operation.path) lists \(operation.statuses.sorted())")
        }
    }

    /// A store that never answers in time, counting how often it is asked.
    final class HangingStore: TokenBucketStore {
        let calls = NIOLockedValueBox(0)
        func use(_ key: String, rule: RateLimitRule, mode: TokenBucketMode) async throws -> TokenBucketState {
            calls.withLockedValue { $0 += 1 }
            try await Task.sleep(for: .seconds(5))
            return TokenBucketState(allowed: false, remaining: 0, retryAfterMilliseconds: 0, resetMilliseconds: 0)
        }
    }

    @Test func aHangingStoreCostsOneWaitThenIsBypassed() async throws {
        let store = HangingStore()
        let limiter = RateLimiter(
            settings: RateLimitSettings(rules: [.dispatch: RateLimitRule(limit: 1)]), store: store, logger: Logger(label: "test"),
            storeTimeout: .milliseconds(100), bypassAfterFailure: .seconds(30)
        )
        let started = ContinuousClock.now
        for _ in 0..<5 {
            #expect(await limiter.admit(.dispatch, subject: "account:a") == nil)
        }
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(store.calls.withLockedValue { $0 } == 1)
    }

    /// A store that answers from memory, counting how often it is asked.
    final class CountingStore: TokenBucketStore {
        let calls = NIOLockedValueBox(0)
        let tokens = NIOLockedValueBox(3)
        func use(_ key: String, rule: RateLimitRule, mode: TokenBucketMode) async throws -> TokenBucketState {
            calls.withLockedValue { $0 += 1 }
            let left = tokens.withLockedValue { tokens in
                if mode == .drain { tokens = max(0, tokens - 1) }
                return tokens
            }
            return TokenBucketState(allowed: left >= 1, remaining: left, retryAfterMilliseconds: left >= 1 ? 0 : 1000, resetMilliseconds: 0)
        }
    }

    @Test func aCleanAddressIsNotLookedUpOnEveryRequestButAFailureEndsThat() async throws {
        let store = CountingStore()
        let limiter = RateLimiter(
            settings: RateLimitSettings(rules: [:], authFailures: RateLimitRule(limit: 3, windowSeconds: 60)), store: store, logger: Logger(label: "test")
        )
        for _ in 0..<5 { #expect(await limiter.authenticationGate(address: "192.0.2.1") == nil) }
        #expect(store.calls.withLockedValue { $0 } == 1)
        for _ in 0..<3 { await limiter.recordAuthenticationFailure(address: "192.0.2.1") }
        #expect(await limiter.authenticationGate(address: "192.0.2.1")?.allowed == false)
        #expect(await limiter.authenticationGate(address: "192.0.2.1")?.allowed == false)
    }
}
