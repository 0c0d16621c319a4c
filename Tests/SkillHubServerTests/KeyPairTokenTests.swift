import Foundation
import SkillHubCore
import SkillHubRedis
import SkillHubTestSupport
import Testing

@testable import SkillHubServer

/// Key pairs made with openssl in a temporary folder.
struct TestKeyPair {
    let privateKey: String
    let publicKey: String

    static func generate(_ kind: String, in directory: URL) throws -> TestKeyPair {
        let name = UUID().uuidString
        let privateKey = directory.appendingPathComponent("\(name).key").path
        let publicKey = directory.appendingPathComponent("\(name).pub").path
        let generate: [String] = switch kind {
        case "rsa": ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privateKey]
        case "p256": ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", privateKey]
        default: ["genpkey", "-algorithm", "ED25519", "-out", privateKey]
        }
        try openssl(generate)
        try openssl(["pkey", "-in", privateKey, "-pubout", "-out", publicKey])
        return TestKeyPair(privateKey: privateKey, publicKey: publicKey)
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SkillHubError(.internalError, "openssl \(arguments.joined(separator: " ")) failed") }
    }
}

@Suite("JWT with key pairs from PEM files (RS256, ES256, EdDSA)")
struct KeyPairTokenTests {
    let redis: RedisConnectionPool
    let directory: URL
    let alice = Principal(accountID: "team", userID: "alice", role: .user)

    init() throws {
        redis = RedisConnectionPool(configuration: try TestStack.redisConfiguration(), maxConnections: 2)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func service(_ environment: [String: String]) async throws -> TokenService {
        let configuration = try SkillHubConfiguration(environment: environment)
        let revocations = RevokedTokenList(redis: redis, subscriber: RedisSubscriber(configuration: redis.configuration))
        return try await TokenService(security: configuration.security, revocations: revocations)
    }

    @Test(arguments: [("RS256", "rsa"), ("ES256", "p256"), ("EdDSA", "ed25519")])
    func tokensSignedWithAPrivateKeyVerifyWithItsPublicKey(algorithm: String, kind: String) async throws {
        let pair = try TestKeyPair.generate(kind, in: directory)
        let signer = try await service(["SECURITY_ALGORITHM": algorithm, "SECURITY_JWT_PRIVATE_KEY_FILE": pair.privateKey, "SECURITY_JWT_KID": "k1"])
        let issued = try await signer.issue(for: alice)
        #expect(try await signer.verify(issued.token).principal == alice)

        // An instance holding only the public key verifies it too (under the same kid).
        let verifier = try await service([
            "SECURITY_ALGORITHM": algorithm, "SECURITY_JWT_PRIVATE_KEY_FILE": try TestKeyPair.generate(kind, in: directory).privateKey,
            "SECURITY_JWT_KID": "k2", "SECURITY_JWT_PUBLIC_KEY_FILES": "k1:\(pair.publicKey)",
        ])
        #expect(try await verifier.verify(issued.token).principal == alice)

        // Another key pair's signature under the same kid is refused.
        let impostor = try await service([
            "SECURITY_ALGORITHM": algorithm, "SECURITY_JWT_PRIVATE_KEY_FILE": try TestKeyPair.generate(kind, in: directory).privateKey, "SECURITY_JWT_KID": "k1",
        ])
        let forged = try await impostor.issue(for: alice)
        await #expect(throws: TokenService.Failure.badSignature) { _ = try await signer.verify(forged.token) }
    }

    @Test func anHMACTokenMadeWithThePublicKeyIsRefused() async throws {
        // The classic HS/RS confusion: sign HS256 with the RSA public key as the secret.
        let pair = try TestKeyPair.generate("rsa", in: directory)
        let publicPEM = try String(contentsOfFile: pair.publicKey, encoding: .utf8)
        let verifier = try await service(["SECURITY_ALGORITHM": "RS256,HS256", "SECURITY_JWT_PRIVATE_KEY_FILE": pair.privateKey, "SECURITY_JWT_KID": "k1", "SECURITY_JWT_SECRET": publicPEM])
        let confused = try await service(["SECURITY_ALGORITHM": "HS256", "SECURITY_JWT_SECRET": publicPEM, "SECURITY_JWT_KID": "k1"])
        let token = try await confused.issue(for: alice).token
        await #expect(throws: TokenService.Failure.unknownKey) { _ = try await verifier.verify(token) }
    }

    @Test func unusableKeyFilesStopStartUpWithTheReason() async throws {
        let pair = try TestKeyPair.generate("p256", in: directory)
        await #expect(throws: JWTKeyLoadingError.self) {
            _ = try await service(["SECURITY_ALGORITHM": "RS256", "SECURITY_JWT_PRIVATE_KEY_FILE": pair.privateKey])
        }
        await #expect(throws: JWTKeyLoadingError.self) {
            _ = try await service(["SECURITY_ALGORITHM": "ES256", "SECURITY_JWT_PRIVATE_KEY_FILE": directory.appendingPathComponent("missing.pem").path])
        }
        let rsa = try TestKeyPair.generate("rsa", in: directory)
        await #expect(throws: JWTKeyLoadingError.self) {
            _ = try await service(["SECURITY_ALGORITHM": "ES256", "SECURITY_JWT_PRIVATE_KEY_FILE": pair.privateKey, "SECURITY_JWT_PUBLIC_KEY_FILES": "old:\(rsa.publicKey)"])
        }
    }
}
