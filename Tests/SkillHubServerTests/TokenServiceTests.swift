import Foundation
import SkillHubCore
import SkillHubRedis
import SkillHubTestSupport
import Testing

@testable import SkillHubServer

@Suite("JWT verification (RFC 8725)")
struct TokenServiceTests {
    static let secret = "test-secret-0123456789abcdef0123456789"
    let redis: RedisConnectionPool
    let alice = Principal(accountID: "team", userID: "alice", role: .user)

    init() throws {
        redis = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 2)
    }

    func service(_ environment: [String: String] = [:]) async throws -> TokenService {
        let configuration = try SkillHubConfiguration(environment: ["SECURITY_JWT_SECRET": Self.secret].merging(environment) { _, new in new })
        let revocations = RevokedTokenList(redis: redis, subscriber: RedisSubscriber(configuration: redis.configuration))
        return try await TokenService(security: configuration.security, revocations: revocations)
    }

    func expect(_ failure: TokenService.Failure, verifying token: String, with verifier: TokenService) async {
        do {
            _ = try await verifier.verify(token)
            Issue.record("token accepted; expected \(failure)")
        } catch {
            #expect(error == failure)
        }
    }

    @Test func aFreshTokenVerifiesWithItsClaims() async throws {
        let tokens = try await service()
        let issued = try await tokens.issue(for: alice)
        let claims = try await tokens.verify(issued.token)
        #expect(claims.principal == alice)
        #expect(claims.scopes == [.skillsRead, .skillsWrite, .skillsInvoke, .knowledgeRead, .knowledgeWrite])
        #expect(claims.iss.value == "skillhub")
        #expect(claims.aud.value == ["skillhub-api"])
        #expect(issued.expiresIn == 3600)
        #expect(!claims.jti.value.isEmpty)
    }

    @Test func algNoneIsRefused() async throws {
        let tokens = try await service()
        let issued = try await tokens.issue(for: alice)
        let parts = issued.token.split(separator: ".")
        let header = Data(#"{"alg":"none","kid":"k1","typ":"JWT"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        await expect(.algorithmNotAllowed, verifying: "\(header).\(parts[1]).", with: tokens)
    }

    @Test func tamperedTokensAreRefused() async throws {
        let tokens = try await service()
        let issued = try await tokens.issue(for: alice)
        var signature = Array(issued.token.split(separator: ".")[2])
        signature[4] = signature[4] == "A" ? "B" : "A"
        let parts = issued.token.split(separator: ".")
        await expect(.badSignature, verifying: "\(parts[0]).\(parts[1]).\(String(signature))", with: tokens)

        let admin = try await tokens.issue(for: Principal(accountID: "team", userID: "alice", role: .admin))
        let forgedPayload = admin.token.split(separator: ".")[1]
        await expect(.badSignature, verifying: "\(parts[0]).\(forgedPayload).\(parts[2])", with: tokens)
        await expect(.malformed, verifying: "not-a-token", with: tokens)
    }

    @Test func anotherSecretUnderTheSameKidIsRefused() async throws {
        let forger = try await service(["SECURITY_JWT_SECRET": "another-secret-0123456789abcdef0123"])
        await expect(.badSignature, verifying: try await forger.issue(for: alice).token, with: try await service())
    }

    @Test func algorithmsOutsideTheAllowListAreRefused() async throws {
        let hs512 = try await service(["SECURITY_ALGORITHM": "HS512", "SECURITY_JWT_SECRET": String(repeating: Self.secret, count: 2)])
        await expect(.algorithmNotAllowed, verifying: try await hs512.issue(for: alice).token, with: try await service())
    }

    @Test func unknownKidIsRefused() async throws {
        let other = try await service(["SECURITY_JWT_KID": "k9"])
        await expect(.unknownKey, verifying: try await other.issue(for: alice).token, with: try await service())
    }

    @Test func expiredAndNotYetValidTokensAreRefusedBeyondTheLeeway() async throws {
        let tokens = try await service(["SECURITY_JWT_EXPIRY": "60", "SECURITY_JWT_LEEWAY": "10"])
        await expect(.expired, verifying: try await tokens.issue(for: alice, now: Date().addingTimeInterval(-75)).token, with: tokens)
        await expect(.notYetValid, verifying: try await tokens.issue(for: alice, now: Date().addingTimeInterval(20)).token, with: tokens)
        // Within the leeway both pass.
        _ = try await tokens.verify(try await tokens.issue(for: alice, now: Date().addingTimeInterval(-65)).token)
        _ = try await tokens.verify(try await tokens.issue(for: alice, now: Date().addingTimeInterval(5)).token)
    }

    @Test func wrongIssuerOrAudienceIsRefused() async throws {
        let tokens = try await service()
        await expect(.wrongIssuer, verifying: try await service(["SECURITY_JWT_ISSUER": "elsewhere"]).issue(for: alice).token, with: tokens)
        await expect(.wrongAudience, verifying: try await service(["SECURITY_JWT_AUDIENCE": "other-api"]).issue(for: alice).token, with: tokens)
    }

    @Test func rotationAcceptsOldAndNewKeys() async throws {
        let old = try await service(["SECURITY_JWT_KID": "2025", "SECURITY_JWT_SECRET": "old-secret-0123456789abcdef0123456789"])
        let rotated = try await service([
            "SECURITY_JWT_KID": "2026", "SECURITY_JWT_SECRET": "new-secret-0123456789abcdef0123456789",
            "SECURITY_JWT_PREVIOUS_KEYS": "2025:old-secret-0123456789abcdef0123456789",
        ])
        let oldToken = try await old.issue(for: alice).token
        #expect(try await rotated.verify(oldToken).principal == alice)
        #expect(try await rotated.verify(try await rotated.issue(for: alice).token).principal == alice)
        // Once the old key is dropped, its tokens stop working.
        let retired = try await service(["SECURITY_JWT_KID": "2026", "SECURITY_JWT_SECRET": "new-secret-0123456789abcdef0123456789"])
        await expect(.unknownKey, verifying: oldToken, with: retired)
    }

    @Test func revokedTokensAreRefused() async throws {
        let tokens = try await service()
        let issued = try await tokens.issue(for: alice)
        try await tokens.revoke(issued.claims)
        await expect(.revoked, verifying: issued.token, with: tokens)
        // Listed in Redis until the token would have expired (plus the leeway).
        let expiry = try #require(try await redis.sortedSetScore(RevokedTokenList.key, member: issued.claims.jti.value))
        let remaining = expiry - Date().timeIntervalSince1970
        #expect(remaining > 3500 && remaining <= 3630)
    }

    @Test func aRevocationReachesEveryInstanceThroughPubSub() async throws {
        let configuration = redis.configuration
        let lists = [RevokedTokenList(redis: redis, subscriber: RedisSubscriber(configuration: configuration)), RevokedTokenList(redis: redis, subscriber: RedisSubscriber(configuration: configuration))]
        // One revoked before the instances start: they load it.
        let earlier = UUID().uuidString
        try await lists[0].revoke(earlier, until: Date().addingTimeInterval(60))
        let runs = lists.map { list in Task { try await list.run() } }
        defer { runs.forEach { $0.cancel() } }
        let deadline = ContinuousClock.now + .seconds(5)
        let allCurrent = { lists.allSatisfy { $0.isCurrent } }
        while ContinuousClock.now < deadline, !allCurrent() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(allCurrent())
        #expect(await lists[1].isRevoked(earlier))

        let later = UUID().uuidString
        #expect(await !lists[1].isRevoked(later))
        try await lists[0].revoke(later, until: Date().addingTimeInterval(60))
        #expect(await lists[0].isRevoked(later))
        var heard = false
        while ContinuousClock.now < deadline, !heard {
            heard = await lists[1].isRevoked(later)
            if !heard { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(heard)
    }

    @Test func withRedisGoneTheLastLoadedListStillRefusesRevokedTokens() async throws {
        let server = try ThrowawayRedisServer()
        try await server.start()
        let redis = RedisConnectionPool(configuration: server.configuration, maxConnections: 2)
        let list = RevokedTokenList(
            redis: redis, subscriber: RedisSubscriber(configuration: server.configuration, backoff: ReconnectBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100)))
        )
        let run = Task { try await list.run() }
        defer { run.cancel() }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !list.isCurrent { try await Task.sleep(for: .milliseconds(10)) }
        let revoked = UUID().uuidString
        try await list.revoke(revoked, until: Date().addingTimeInterval(60))

        await server.stop()
        while ContinuousClock.now < deadline, list.isCurrent { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!list.isCurrent)
        #expect(await list.isRevoked(revoked))
        #expect(await !list.isRevoked(UUID().uuidString))
    }
}
